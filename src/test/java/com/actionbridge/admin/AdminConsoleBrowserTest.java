package com.actionbridge.admin;

import com.actionbridge.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.WebElement;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in real headless Chromium (Debian's chromium and chromium-driver): sign in with the admin token,
 * chat in the playground against the embedded sandbox up to action_done, with every reply rendered in the
 * DingTalk and the WeCom style, then see the session and the turns. Saves a screenshot to target/screenshots/.
 * Fails (never skips) when Chromium or its driver is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "actionbridge.admin.token=" + AdminConsoleBrowserTest.TOKEN)
class AdminConsoleBrowserTest {

    static final String TOKEN = "browser-test-admin-token-0123456789";

    @LocalServerPort
    int port;

    private HeadlessChromium chromium;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        chromium = new HeadlessChromium();
        driver = (ChromeDriver) chromium.driver();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String token) {
        driver.get(url("/admin"));
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("login-btn")).click();
    }

    private WebElement lastReply(String status) {
        By locator = By.cssSelector("#pg-log .reply[data-status='" + status + "']:not(.picked)");
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    @Test
    void wrongTokenIsRefused() {
        signIn("not-the-token");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).contains("令牌不对");
        assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
    }

    @Test
    void theConsoleSpeaksChineseByDefaultAndSwitchesToEnglish() throws IOException {
        driver.get(url("/admin"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        driver.executeScript("localStorage.removeItem('actionbridge.admin.lang')");
        signIn(TOKEN);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bots-empty")));
        assertThat(driver.findElement(By.cssSelector(".tabs")).getText()).contains("机器人", "会话", "最近对话", "试用");
        assertThat(driver.findElement(By.id("reload")).getText()).isEqualTo("从配置重新加载机器人");
        assertThat(driver.findElement(By.id("bots-empty")).getText()).contains("还没有配置机器人");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        screenshot("admin-console-zh.png");

        driver.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("reload"), "Reload bots from config"));
        assertThat(driver.findElement(By.cssSelector(".tabs")).getText()).contains("Bots", "Sessions", "Playground");
        assertThat(driver.findElement(By.id("bots-empty")).getText()).contains("No bots are configured");
        screenshot("admin-console-en.png");

        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("lang"), "中文"));
        driver.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("lang"), "English"));
    }

    private void screenshot(String name) throws IOException {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path saved = Files.copy(shot.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(saved)).isGreaterThan(10_000);
    }

    @Test
    void playgroundChatsToActionDoneAndRendersBothStyles() throws IOException {
        signIn(TOKEN);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-bots")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bots-empty")));

        driver.findElement(By.cssSelector(".tabs button[data-tab='playground']")).click();
        WebElement text = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pg-text")));
        assertThat(driver.findElement(By.id("pg-bot")).getAttribute("value")).isEqualTo("web");
        text.sendKeys("把你好发送到企业微信群机器人");
        driver.findElement(By.id("pg-send")).click();

        WebElement found = lastReply("action_found");
        assertThat(found.findElements(By.cssSelector(".card-render.dingtalk .dt-card"))).hasSize(1);
        assertThat(found.findElements(By.cssSelector(".card-render.wecom .wc-card"))).hasSize(1);
        List<WebElement> dingTalkChoices = found.findElements(By.cssSelector(".card-render.dingtalk .choice-btn"));
        List<WebElement> weComChoices = found.findElements(By.cssSelector(".card-render.wecom .choice-btn"));
        assertThat(dingTalkChoices).hasSize(2);
        assertThat(weComChoices).hasSize(2);
        assertThat(found.findElement(By.cssSelector(".card-render.dingtalk .dt-body")).getText())
                .contains("1. 发送文本消息");
        // the AI bot: the stream carries the text (whole labels included), then the same button card
        assertThat(found.findElements(By.cssSelector(".card-render.wecom-aibot .wc-card .choice-btn"))).hasSize(2);
        assertThat(found.findElement(By.cssSelector(".card-render.wecom-aibot .wa-stream")).getText())
                .contains("2. 发送Markdown消息");
        dingTalkChoices.stream().filter(b -> b.getText().equals("发送文本消息")).findFirst().orElseThrow().click();

        WebElement accounts = lastReply("auth_account_select");
        assertThat(accounts.getText()).contains("AI-action测试1");
        accounts.findElements(By.cssSelector(".card-render.wecom .choice-btn")).get(0).click();

        WebElement done = lastReply("action_done");
        assertThat(done.findElement(By.cssSelector(".card-render.dingtalk")).getText()).isNotBlank();
        assertThat(done.findElement(By.cssSelector(".card-render.wecom")).getText()).isNotBlank();
        assertThat(done.findElement(By.cssSelector(".card-render.wecom-aibot .wa-stream")).getText())
                .contains("发送文本消息");
        assertThat(driver.findElements(By.cssSelector("#pg-log .msg-chosen"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#pg-log .msg-error"))).isEmpty();

        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path saved = Files.copy(shot.toPath(), shots.resolve("admin-playground.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(saved)).isGreaterThan(10_000);

        driver.findElement(By.cssSelector(".tabs button[data-tab='sessions']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions-body"), "admin-playground"));
        driver.findElement(By.cssSelector(".tabs button[data-tab='turns']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("turns-body"), "action_done"));
        WebElement turns = driver.findElement(By.id("turns-body"));
        assertThat(turns.getText()).contains("action_found").contains("auth_account_select")
                .as("the instance that served each turn").contains(":" + port);
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).renameTo(shots.resolve("admin-turns.png").toFile());

        driver.findElement(By.cssSelector(".tabs button[data-tab='sessions']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions-body"), "admin-playground"));
        // the table is re-rendered by each refresh: click whichever reset button is current
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#sessions-body .reset-session")).click();
            return true;
        });
        wait.ignoring(StaleElementReferenceException.class).until(d ->
                !d.findElement(By.id("sessions-body")).getText().contains("admin-playground"));
        assertThat(driver.findElement(By.id("sessions-note")).getText()).isEqualTo("没有会话。");
    }
}
