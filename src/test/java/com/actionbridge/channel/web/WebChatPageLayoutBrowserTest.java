package com.actionbridge.channel.web;

import com.actionbridge.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page on a phone-width screen (the settings panel stays on the screen) and opened from another machine
 * (simulated the way a reverse proxy reports it, with X-Forwarded-For): the page says in Chinese what to do.
 * Screenshots go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.forward-headers-strategy=native")
class WebChatPageLayoutBrowserTest {

    @LocalServerPort
    int port;

    private HeadlessChromium chromium;
    private ChromeDriver driver;

    @BeforeEach
    void startBrowser() {
        chromium = new HeadlessChromium();
        driver = (ChromeDriver) chromium.driver();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @Test
    void onAPhoneTheSettingsPanelStaysOnTheScreen() throws IOException {
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get("http://127.0.0.1:" + port + "/");
        long viewport = (Long) driver.executeScript("return document.documentElement.clientWidth");
        driver.findElement(By.cssSelector(".settings summary")).click();
        WebElement panel = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".settings .panel")));
        WebElement apiKey = driver.findElement(By.id("api-key"));

        Rectangle box = panel.getRect();
        Rectangle input = apiKey.getRect();
        assertThat(box.getX()).isGreaterThanOrEqualTo(0);
        assertThat(box.getX() + box.getWidth()).isLessThanOrEqualTo((int) viewport);
        assertThat(input.getX() + input.getWidth()).isLessThanOrEqualTo((int) viewport);
        assertThat((Long) driver.executeScript("return document.documentElement.scrollWidth")).isEqualTo(viewport);
        screenshot("webchat-phone-settings.png");
    }

    @Test
    void openedFromAnotherMachineWithoutAKeyThePageSaysInChineseWhatToDo() throws IOException {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("X-Forwarded-For", "203.0.113.7")));
        driver.manage().window().setSize(new Dimension(900, 700));
        driver.get("http://127.0.0.1:" + port + "/");
        WebElement text = driver.findElement(By.id("text"));
        text.sendKeys("我要请假");
        text.sendKeys(Keys.ENTER);

        WebElement help = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".msg.system.help")));
        assertThat(help.getText()).contains("无法使用网页对话").contains("WEB_CHAT_API_KEY")
                .contains("在运行 ActionBridge 的机器上打开本页").doesNotContain("no web chat API key");
        screenshot("webchat-remote-error.png");
    }

    private void screenshot(String name) throws IOException {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path saved = Files.copy(shot.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(saved)).isGreaterThan(5_000);
    }
}
