package com.actionbridge.channel.web;

import com.actionbridge.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real (headless) Chromium against the whole app and the embedded sandbox: typing, cards,
 * clicking, the "已选择" mark, links opening in a new tab, safe markdown, the remembered user id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebChatPageBrowserTest {

    static HeadlessChromium chromium;
    static WebDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        chromium = new HeadlessChromium();
        driver = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    void type(String text) {
        WebElement input = driver.findElement(By.id("text"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    WebElement cardWithStatus(String status) {
        return waiting().until(d -> {
            List<WebElement> cards = d.findElements(By.cssSelector(".card[data-status='" + status + "']"));
            return cards.isEmpty() ? null : cards.get(cards.size() - 1);
        });
    }

    @Test
    void aWholeDialogueInTheBrowser() {
        driver.get("http://127.0.0.1:" + port + "/");
        assertThat(cardWithStatus("welcome").getText()).contains("ActionBridge");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        String userId = (String) js.executeScript("return localStorage.getItem('actionbridge.webchat.userId');");
        assertThat(userId).matches("u-[0-9a-f]{16}");

        type("把你好发送到企业微信群机器人");
        WebElement found = cardWithStatus("action_found");
        assertThat(found.findElement(By.tagName("h2")).getText()).isEqualTo("请选择要执行的动作");
        assertThat(found.findElements(By.tagName("strong"))).extracting(WebElement::getText)
                .contains("发送文本消息", "发送Markdown消息");
        List<WebElement> buttons = found.findElements(By.cssSelector("button[data-choice]"));
        assertThat(buttons).extracting(WebElement::getText).as("numbered like the help card says").containsExactly("1. 发送文本消息", "2. 发送Markdown消息");

        buttons.get(0).click();
        waiting().until(d -> !found.findElements(By.className("chosen")).isEmpty());
        assertThat(found.findElement(By.className("chosen")).getText()).isEqualTo("已选择：发送文本消息");
        assertThat(buttons).allSatisfy(b -> assertThat(b.isEnabled()).isFalse());

        WebElement accounts = cardWithStatus("auth_account_select");
        type("2");
        waiting().until(d -> !accounts.findElements(By.className("chosen")).isEmpty());
        assertThat(accounts.findElement(By.className("chosen")).getText()).isEqualTo("已选择：AI-action测试2");

        WebElement done = cardWithStatus("action_done");
        assertThat(done.findElement(By.tagName("dl")).getText()).contains("sendrst", "是");
        WebElement log = done.findElement(By.cssSelector(".buttons a"));
        assertThat(log.getText()).isEqualTo("查看执行日志");
        assertThat(log.getAttribute("target")).isEqualTo("_blank");
        assertThat(log.getAttribute("href")).startsWith("http://127.0.0.1:" + port + "/sandbox/logs/");

        driver.navigate().refresh();
        cardWithStatus("welcome");
        assertThat(js.executeScript("return localStorage.getItem('actionbridge.webchat.userId');"))
                .as("the user id survives a reload").isEqualTo(userId);
    }

    @Test
    void anOldCardClickedAfterARestartIsGreyedOut() {
        driver.get("http://127.0.0.1:" + port + "/");
        cardWithStatus("welcome");
        type("我要请假");
        WebElement leave = cardWithStatus("action_preview");
        type("重新开始");
        cardWithStatus("notice");
        type("我要采购一台电脑");
        waiting().until(d -> d.findElements(By.cssSelector(".card[data-status='action_preview']")).size() == 2);

        List<WebElement> buttons = leave.findElements(By.cssSelector("button[data-choice]"));
        buttons.get(0).click();
        waiting().until(d -> !leave.findElements(By.className("chosen")).isEmpty());
        assertThat(leave.findElement(By.className("chosen")).getText()).isEqualTo("此卡片已失效");
        assertThat(buttons).allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        assertThat(cardWithStatus("notice").getText()).contains("这张卡片已失效");
    }

    @Test
    void markdownIsRenderedSafely() {
        driver.get("http://127.0.0.1:" + port + "/");
        cardWithStatus("welcome");
        String html = (String) ((JavascriptExecutor) driver).executeScript(
                "return window.ActionBridgeChat.renderMarkdown(arguments[0]);",
                "<img src=x onerror=alert(1)> **粗体** [坏](javascript:alert(1)) [好](https://a.example/?x=1&y=\"2\")\n"
                        + "- 一\n- 二\n\n1. 甲\n2. 乙");
        assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("<strong>粗体</strong>")
                .doesNotContain("href=\"javascript")
                .contains("<a href=\"https://a.example/?x=1&amp;y=&quot;2&quot;\" target=\"_blank\"")
                .contains("<ul><li>一</li><li>二</li></ul>")
                .contains("<ol><li>甲</li><li>乙</li></ol>");
    }
}
