package com.actionbridge.bot;

import com.actionbridge.ActionBridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole application refuses to start with a bad bots list, and the log names the bot and the key. */
@ExtendWith(OutputCaptureExtension.class)
class BotsStartupFailureTest {

    @Test
    void applicationDoesNotStartAndSaysWhy(CapturedOutput output) {
        SpringApplication app = new SpringApplication(ActionBridgeApplication.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--actionbridge.admin.token=",
                "--bots[0].id=hr", "--bots[0].platform=dingtalk", "--bots[0].client-id=a",
                "--bots[0].client-secret=b", "--bots[0].mode=http",
                "--bots[1].id=ops", "--bots[1].platform=wecom", "--bots[1].corp-id=ww1", "--bots[1].agent-id=7",
                "--bots[1].secret=do-not-print-me", "--bots[1].token=tok", "--bots[1].aes-key=short"))
                .hasStackTraceContaining("bots[1] (id=ops): aes-key must be 43 characters");
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("bots[1] (id=ops): aes-key must be 43 characters")
                .doesNotContain("do-not-print-me");
    }
}
