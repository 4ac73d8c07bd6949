package com.actionbridge.bot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every start-up message of a bad {@code bots:} list, as an admin reads it. */
class BotsValidationTest {

    private static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BotsProperties.class)
    @Import(PlatformConverter.class)
    static class Bots {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bots.class);

    private static List<String> wecom(int i, String id) {
        String p = "bots[" + i + "].";
        return new ArrayList<>(List.of(p + "id=" + id, p + "platform=wecom", p + "corp-id=ww1234",
                p + "agent-id=1000002", p + "secret=s3cr3t-value", p + "token=tok123", p + "aes-key=" + AES));
    }

    private static List<String> dingtalk(int i, String id) {
        String p = "bots[" + i + "].";
        return new ArrayList<>(List.of(p + "id=" + id, p + "platform=dingtalk", p + "client-id=dingabc",
                p + "client-secret=very-secret"));
    }

    private static List<String> with(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all;
    }

    private static List<String> without(List<String> base, String keyPrefix) {
        return base.stream().filter(p -> !p.startsWith(keyPrefix + "=")).toList();
    }

    private String failureOf(List<String> properties) {
        String[] values = properties.toArray(String[]::new);
        StringBuilder out = new StringBuilder();
        runner.withPropertyValues(values).run(context -> {
            assertThat(context).hasFailed();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                out.append(t.getMessage()).append('\n');
                if (t instanceof org.springframework.boot.context.properties.bind.validation.BindValidationException bve) {
                    bve.getValidationErrors().getAllErrors().forEach(e -> out.append(e.getDefaultMessage()).append('\n'));
                }
            }
        });
        return out.toString();
    }

    @Test
    void aWeComAiBotNeedsItsTokenAndKeyOnly() {
        String p = "bots[0].";
        runner.withPropertyValues(p + "id=team-bot", p + "platform=wecom-aibot", p + "token=tok123",
                p + "aes-key=" + AES, p + "bot-id=aibTEST0001").run(context -> {
            assertThat(context).hasNotFailed();
            BotConfig bot = context.getBean(BotsProperties.class).bots().get(0);
            assertThat(bot.platform()).isEqualTo(Platform.WECOM_AIBOT);
            assertThat(bot.botId()).isEqualTo("aibTEST0001");
            assertThat(bot.toString()).doesNotContain("tok123").doesNotContain(AES);
        });
        assertThat(failureOf(List.of(p + "id=team-bot", p + "platform=wecom-aibot", p + "aes-key=" + AES.substring(1))))
                .contains("bots[0] (id=team-bot): token is missing (WeCom AI bot)")
                .contains("bots[0] (id=team-bot): aes-key must be 43 characters");
    }

    @Test
    void aValidListStarts() {
        List<String> props = with(wecom(0, "hr"), dingtalk(1, "ops").toArray(String[]::new));
        props.add("bots[1].mode=http");
        props.add("bots[1].upstream.return-amount=5");
        props.add("bots[1].allowed-users[0]=manager1");
        runner.withPropertyValues(props.toArray(String[]::new)).run(context -> {
            assertThat(context).hasNotFailed();
            BotsProperties bots = context.getBean(BotsProperties.class);
            assertThat(bots.bots()).extracting(BotConfig::id).containsExactly("hr", "ops");
            assertThat(bots.bots().get(1).effectiveMode()).isEqualTo(DingTalkMode.HTTP);
            assertThat(bots.bots().get(1).allowedUsers()).containsExactly("manager1");
        });
    }

    @Test
    void anEmptyListStarts() {
        runner.run(context -> assertThat(context.getBean(BotsProperties.class).bots()).isEmpty());
    }

    @Test
    void duplicateIds() {
        List<String> props = with(wecom(0, "ops"), dingtalk(1, "ops").toArray(String[]::new));
        assertThat(failureOf(props)).contains("bots[1] (id=ops): id duplicates bots[0]");
    }

    @Test
    void unknownPlatform() {
        List<String> props = with(without(wecom(0, "ops"), "bots[0].platform"), "bots[0].platform=slack");
        assertThat(failureOf(props)).contains("bots[0].platform").contains("unknown platform 'slack'; use wecom, dingtalk or wecom-aibot");
    }

    @Test
    void missingPlatform() {
        assertThat(failureOf(without(wecom(0, "ops"), "bots[0].platform")))
                .contains("bots[0] (id=ops): platform is missing; use wecom, dingtalk or wecom-aibot");
    }

    @Test
    void missingId() {
        assertThat(failureOf(without(wecom(0, "ops"), "bots[0].id"))).contains("bots[0]: id is missing");
    }

    @Test
    void malformedId() {
        assertThat(failureOf(wecom(0, "Ops_1")))
                .contains("bots[0] (id=Ops_1): id must match [a-z0-9-]+ (lower-case letters, digits, dashes)");
    }

    @Test
    void reservedId() {
        assertThat(failureOf(wecom(0, "web")))
                .contains("bots[0] (id=web): id 'web' is reserved for the built-in web chat bot");
    }

    @Test
    void weComKeysMissing() {
        String failure = failureOf(with(wecom(0, "hr"), List.of("bots[1].id=ops", "bots[1].platform=wecom")
                .toArray(String[]::new)));
        assertThat(failure)
                .contains("bots[1] (id=ops): corp-id is missing (WeCom)")
                .contains("bots[1] (id=ops): agent-id is missing (WeCom: the app's AgentId)")
                .contains("bots[1] (id=ops): secret is missing (WeCom)")
                .contains("bots[1] (id=ops): token is missing (WeCom)")
                .contains("bots[1] (id=ops): aes-key is missing (WeCom)")
                .doesNotContain("bots[0]");
    }

    @Test
    void aesKeyOfWrongLength() {
        List<String> props = with(wecom(0, "hr"), with(without(wecom(1, "ops"), "bots[1].aes-key"),
                "bots[1].aes-key=tooShort").toArray(String[]::new));
        String failure = failureOf(props);
        assertThat(failure).contains("bots[1] (id=ops): aes-key must be 43 characters").doesNotContain("tooShort");
    }

    @Test
    void aesKeyWithBadCharacters() {
        String bad = AES.substring(0, 42) + "=";
        assertThat(failureOf(with(without(wecom(0, "ops"), "bots[0].aes-key"), "bots[0].aes-key=" + bad)))
                .contains("bots[0] (id=ops): aes-key must contain only letters, digits, '+' and '/'");
    }

    @Test
    void malformedWeComToken() {
        assertThat(failureOf(with(without(wecom(0, "ops"), "bots[0].token"), "bots[0].token=has space")))
                .contains("bots[0] (id=ops): token must be 1 to 32 letters or digits");
    }

    @Test
    void nonPositiveAgentId() {
        assertThat(failureOf(with(without(wecom(0, "ops"), "bots[0].agent-id"), "bots[0].agent-id=0")))
                .contains("bots[0] (id=ops): agent-id must be a positive number");
    }

    @Test
    void dingTalkKeysMissing() {
        String failure = failureOf(List.of("bots[0].id=ding", "bots[0].platform=dingtalk"));
        assertThat(failure)
                .contains("bots[0] (id=ding): client-id is missing (DingTalk)")
                .contains("bots[0] (id=ding): client-secret is missing (DingTalk)");
    }

    @Test
    void malformedApiBaseUrl() {
        assertThat(failureOf(with(dingtalk(0, "ding"), "bots[0].api-base-url=ftp://proxy.local")))
                .contains("bots[0] (id=ding): api-base-url must be an http(s) URL such as https://api.example.com");
        assertThat(failureOf(with(dingtalk(0, "ding"), "bots[0].api-base-url=not a url")))
                .contains("bots[0] (id=ding): api-base-url must be an http(s) URL");
    }

    @Test
    void unresolvedEnvironmentVariableIsNamedNotLeaked() {
        List<String> props = with(without(wecom(0, "ops"), "bots[0].secret"),
                "bots[0].secret=${ACTIONBRIDGE_TEST_UNSET_SECRET}");
        assertThat(failureOf(props)).contains("bots[0] (id=ops): secret refers to ${ACTIONBRIDGE_TEST_UNSET_SECRET}, which is not set");
    }

    @Test
    void returnAmountOutOfRange() {
        assertThat(failureOf(with(dingtalk(0, "ding"), "bots[0].upstream.return-amount=0")))
                .contains("bots[0] (id=ding): upstream.return-amount must be between 1 and 50");
    }

    @Test
    void emptyUpstreamToken() {
        assertThat(failureOf(with(dingtalk(0, "ding"), "bots[0].upstream.token=")))
                .contains("bots[0] (id=ding): upstream.token is empty; remove the key to use the global token");
    }

    @Test
    void blankAllowedUser() {
        assertThat(failureOf(with(dingtalk(0, "ding"), "bots[0].allowed-users[0]=alice", "bots[0].allowed-users[1]= ")))
                .contains("bots[0] (id=ding): allowed-users[1] is empty");
    }

    @Test
    void messagesNeverContainSecrets() {
        List<String> props = with(without(wecom(0, "ops"), "bots[0].aes-key"), "bots[0].aes-key=short");
        props = with(props, "bots[0].upstream.return-amount=99");
        assertThat(failureOf(props)).doesNotContain("s3cr3t-value").doesNotContain("tok123");
    }
}
