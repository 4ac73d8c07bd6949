package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.Platform;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The callback check reads messages as WxJava's {@code WxCpXmlMessage.fromEncryptedXml} does, without its
 * per-message parser lookups; and stays right when many callbacks arrive at once.
 */
class WeComInboundTest {

    private static final BotConfig BOT = new BotConfig("ops", Platform.WECOM, null, null,
            WeComCallbackClient.CORP_ID, WeComCallbackClient.AGENT_ID, "secret", WeComCallbackClient.TOKEN,
            WeComCallbackClient.AES_KEY, null, null, null, null, null, null, null);

    private final WeComCallbackClient signer = new WeComCallbackClient(0);
    private final WeComInbound inbound = new WeComInbound(Clock.systemUTC(), Duration.ofMinutes(5));
    private final WxCpDefaultConfigImpl config = config();

    @Test
    void readsEveryKindOfMessageAsWxJavaDoes() {
        for (String xml : List.of(WeComCallbackClient.text("zhangsan", 42L, "查询 <我的> 待办 & more"),
                WeComCallbackClient.click("lisi", "task-1", "tok-9", "rc-7"),
                WeComCallbackClient.image("wangwu", 43L),
                WeComCallbackClient.enterAgent("zhaoliu", WeComCallbackClient.now()))) {
            WeComCallbackClient.Signed signed = signer.sign(xml);
            String body = WeComCallbackClient.envelope(signed, WeComCallbackClient.CORP_ID);
            WxCpXmlMessage expected = WxCpXmlMessage.fromEncryptedXml(body, config, signed.timestamp(),
                    signed.nonce(), signed.signature());

            WxCpXmlMessage actual = accepted(signed, body);

            assertThat(actual).usingRecursiveComparison().ignoringFields("allFieldsMap").isEqualTo(expected);
            assertThat(actual.getFromUserName()).isNotBlank();
        }
    }

    @Test
    void theMessageReadingCanBeReadiedAhead() {
        assertThatCode(WeComInbound::warmUp).doesNotThrowAnyException();
    }

    @Test
    void theEnvelopesAgentIdWinsAsInWxJava() {
        WeComCallbackClient.Signed signed = signer.sign(WeComCallbackClient.text("zhangsan", 44L, "hi"));
        String body = WeComCallbackClient.envelope(signed, WeComCallbackClient.CORP_ID, WeComCallbackClient.AGENT_ID);

        assertThat(accepted(signed, body).getAgentId()).isEqualTo(String.valueOf(WeComCallbackClient.AGENT_ID));
    }

    @Test
    void manyCallbacksAtOnceEachReadTheirOwnMessage() throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String user = "user" + i;
            calls.add(() -> {
                WeComCallbackClient.Signed signed = signer.sign(WeComCallbackClient.text(user, 1000L, "text of " + user));
                WxCpXmlMessage message = accepted(signed,
                        WeComCallbackClient.envelope(signed, WeComCallbackClient.CORP_ID));
                return message.getFromUserName() + "|" + message.getContent();
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> results = pool.invokeAll(calls);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("user" + i + "|text of user" + i);
            }
        }
    }

    @Test
    void aMalformedPlaintextIsRefusedAndTheParserStaysUsable() {
        WeComCallbackClient.Signed bad = signer.sign("<xml><FromUserName>x</FromUserName>");
        WeComInbound.Result refused = inbound.receive(BOT, config, bad.signature(), bad.timestamp(), bad.nonce(),
                WeComCallbackClient.envelope(bad, WeComCallbackClient.CORP_ID).getBytes(StandardCharsets.UTF_8));
        assertThat(refused).isInstanceOf(WeComInbound.Refused.class);

        WeComCallbackClient.Signed good = signer.sign(WeComCallbackClient.text("zhangsan", 45L, "hi"));
        assertThat(accepted(good, WeComCallbackClient.envelope(good, WeComCallbackClient.CORP_ID)).getContent())
                .isEqualTo("hi");
    }

    @Test
    void eachDecryptionUsesItsOwnBotsKeyWhateverCameBefore() throws Exception {
        String otherKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
        WxCpDefaultConfigImpl other = new WxCpDefaultConfigImpl();
        other.setCorpId("other-corp");
        other.setToken(WeComCallbackClient.TOKEN);
        other.setAesKey(otherKey);
        String forOther = new WxCpCryptUtil(other).encryptContext("<xml>other</xml>").getEncrypt();
        String forThis = signer.sign("<xml>this</xml>").encrypt();
        for (int round = 0; round < 3; round++) {
            assertThat(WeComCipher.open(otherKey, forOther)).isEqualTo(new WeComCipher.Opened("<xml>other</xml>",
                    "other-corp"));
            assertThat(WeComCipher.open(WeComCallbackClient.AES_KEY, forThis).message()).isEqualTo("<xml>this</xml>");
            assertThatThrownBy(() -> WeComCipher.open(WeComCallbackClient.AES_KEY, forOther))
                    .isInstanceOf(WeComCipher.Unreadable.class);
        }
    }

    private WxCpXmlMessage accepted(WeComCallbackClient.Signed signed, String body) {
        WeComInbound.Result result = inbound.receive(BOT, config, signed.signature(), signed.timestamp(),
                signed.nonce(), body.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(WeComInbound.Accepted.class);
        return ((WeComInbound.Accepted) result).message();
    }

    private static WxCpDefaultConfigImpl config() {
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(WeComCallbackClient.CORP_ID);
        config.setAgentId(WeComCallbackClient.AGENT_ID);
        config.setToken(WeComCallbackClient.TOKEN);
        config.setAesKey(WeComCallbackClient.AES_KEY);
        return config;
    }
}
