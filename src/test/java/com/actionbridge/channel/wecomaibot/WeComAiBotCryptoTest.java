package com.actionbridge.channel.wecomaibot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static com.actionbridge.channel.wecomaibot.FakeWeComAiBot.AES_KEY;
import static com.actionbridge.channel.wecomaibot.FakeWeComAiBot.JSON;
import static com.actionbridge.channel.wecomaibot.FakeWeComAiBot.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AI bot's crypto against WeCom's own npm package {@code @wecom/crypto}, run with this machine's node: each
 * side decrypts what the other encrypted, the signatures agree, and what WeCom's package would accept but an AI bot
 * must not (another receiveid, a length field pointing past the data) is refused. Fails when node or npm is missing.
 */
class WeComAiBotCryptoTest {

    static final File PACKAGE_DIR = new File("src/test/node/wecom-crypto");

    final AiBotCrypto crypto = new AiBotCrypto(TOKEN, AES_KEY);

    @BeforeAll
    static void installWeComPackage() throws Exception {
        if (!new File(PACKAGE_DIR, "node_modules/@wecom/crypto/package.json").isFile()) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), null, 180);
        }
    }

    @Test
    void wecomsPackageAndOursReadEachOther() throws Exception {
        String json = "{\"msgid\":\"CAIQ1\",\"msgtype\":\"text\",\"text\":{\"content\":\"@助手 把你好发送到企业微信群机器人 ✓\"}}";
        String ours = crypto.encrypt(json);
        List<JsonNode> results = wecom(List.of(
                Map.of("op", "encrypt", "key", AES_KEY, "message", json, "id", ""),
                Map.of("op", "decrypt", "key", AES_KEY, "encrypt", ours),
                Map.of("op", "sign", "token", TOKEN, "timestamp", "1764460000", "nonce", "n123", "encrypt", ours)));

        assertThat(crypto.decrypt(results.get(0).path("encrypt").asString())).isEqualTo(json);
        assertThat(results.get(1).path("message").asString()).isEqualTo(json);
        assertThat(results.get(1).path("id").asString()).isEmpty();
        assertThat(crypto.sign("1764460000", "n123", ours)).isEqualTo(results.get(2).path("signature").asString());
        assertThat(crypto.verify(results.get(2).path("signature").asString(), "1764460000", "n123", ours)).isTrue();
    }

    @Test
    void paddingOfAWholeBlockAndLongMessagesRoundTrip() throws Exception {
        // 16 + 4 + 12 = 32 bytes: the padding is a whole block of 32s, which PKCS5Padding would refuse
        String exact = "x".repeat(12);
        String longer = "长".repeat(3000);
        List<JsonNode> results = wecom(List.of(
                Map.of("op", "encrypt", "key", AES_KEY, "message", exact, "id", ""),
                Map.of("op", "encrypt", "key", AES_KEY, "message", longer, "id", ""),
                Map.of("op", "decrypt", "key", AES_KEY, "encrypt", crypto.encrypt(exact))));
        assertThat(crypto.decrypt(results.get(0).path("encrypt").asString())).isEqualTo(exact);
        assertThat(crypto.decrypt(results.get(1).path("encrypt").asString())).isEqualTo(longer);
        assertThat(results.get(2).path("message").asString()).isEqualTo(exact);
    }

    @Test
    void anotherReceiveIdIsRefused() throws Exception {
        String foreign = wecom(List.of(Map.of("op", "encrypt", "key", AES_KEY, "message", "{}",
                "id", "ww0123456789abcdef"))).get(0).path("encrypt").asString();
        assertThatThrownBy(() -> crypto.decrypt(foreign)).hasMessageContaining("receiveid");
    }

    @Test
    void aLengthFieldPastTheDataIsRefusedBeforeAnythingIsCopied() {
        assertThatThrownBy(() -> crypto.decrypt(withLengthField(Integer.MAX_VALUE, "{}")))
                .hasMessageContaining("length field");
        assertThatThrownBy(() -> crypto.decrypt(withLengthField(-1, "{}"))).hasMessageContaining("length field");
        assertThatThrownBy(() -> crypto.decrypt(withLengthField(3, "{}"))).hasMessageContaining("length field");
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> crypto.decrypt("not base64 !")).hasMessageContaining("base64");
        assertThatThrownBy(() -> crypto.decrypt(Base64.getEncoder().encodeToString(new byte[31])))
                .hasMessageContaining("blocks");
        assertThatThrownBy(() -> new AiBotCrypto(TOKEN, "short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
    }

    /**
     * A ciphertext under the test key whose 4-byte length field says {@code length} for a message of
     * {@code message}'s real size, with an empty receiveid: what a forged or corrupted callback would carry.
     */
    static String withLengthField(int length, String message) {
        return forged(length, message, "");
    }

    /** A ciphertext under the test key with any length field and receiveid. */
    static String forged(int length, String message, String receiveId) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] receiver = receiveId.getBytes(StandardCharsets.UTF_8);
        int size = 16 + 4 + text.length + receiver.length;
        int pad = 32 - size % 32;
        ByteBuffer plain = ByteBuffer.allocate(size + pad).put(new byte[16]).putInt(length).put(text).put(receiver);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            byte[] key = Base64.getDecoder().decode(AES_KEY + "=");
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the operations with WeCom's package; fails the test when node is missing or the script fails. */
    static List<JsonNode> wecom(List<Map<String, String>> operations) throws Exception {
        String out = run(List.of("node", "check.js"), JSON.writeValueAsString(operations), 60);
        JsonNode results = JSON.readTree(out);
        return results.valueStream().toList();
    }

    private static String run(List<String> command, String stdin, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(PACKAGE_DIR).redirectErrorStream(false).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
