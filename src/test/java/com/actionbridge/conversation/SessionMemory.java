package com.actionbridge.conversation;

import com.actionbridge.store.memory.CaffeineChoiceTokenStore;
import com.actionbridge.store.memory.CaffeineSessionStore;
import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamProfile;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures the heap one live session costs: N people each start a dialogue through the real engine and stores,
 * the upstream answering every one with a list of three candidate actions (a card with three buttons, the
 * common first turn), then the heap in use after a full GC is compared with the heap before.
 * <p>
 * A program, not a test (numbers depend on the machine and the JVM flags): run it from the benchmark or by hand,
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -Xmx2g -XX:+UseSerialGC -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *      com.actionbridge.conversation.SessionMemory 100000
 * </pre>
 * It prints one line {@code sessions=N heap-before=… heap-after=… bytes-per-session=…} and exits 0.
 */
public final class SessionMemory {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CANDIDATES = """
            [{"actionIdentkey":"84_198","actionName":"发送文本消息","actionType":"action","actionkey":"198",
              "appName":"企业微信群机器人","appkey":"84","description":"发送一条文本消息到群聊"},
             {"actionIdentkey":"84_199","actionName":"发送Markdown消息","actionType":"action","actionkey":"199",
              "appName":"企业微信群机器人","appkey":"84","description":"发送一条Markdown消息到群聊"},
             {"actionIdentkey":"91_12","actionName":"创建待办","actionType":"action","actionkey":"12",
              "appName":"待办","appkey":"91","description":"为自己创建一条待办事项"}]""";

    private SessionMemory() {
    }

    /** An upstream that answers every new dialogue with three candidates, as freshly parsed JSON each time. */
    private static final class ThreeCandidates implements ActionClient {
        @Override
        public ActionResult startDialogue(UpstreamProfile profile, String userId, String content) {
            String chatId = UUID.randomUUID().toString().replace("-", "");
            ObjectNode raw = (ObjectNode) JSON.readTree("{\"chat_id\":\"" + chatId + "\",\"status\":\"action_found\","
                    + "\"step\":\"ACTION_MATCH\",\"user_id\":\"" + userId + "\","
                    + "\"description\":\"找到 3 个可能的动作，请选择\",\"data\":" + CANDIDATES + "}");
            return new ActionResult(raw.get("chat_id").asString(), raw.get("status").asString(),
                    raw.get("step").asString(), raw.get("user_id").asString(), raw.get("description").asString(),
                    raw.get("data"), raw);
        }

        @Override
        public ActionResult answer(UpstreamProfile profile, ActionRequest request) {
            throw new UnsupportedOperationException("only first turns are measured");
        }
    }

    public static void main(String[] args) throws Exception {
        int people = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int warmUp = 1_000;
        // The stores as the application configures them, with room for everyone measured.
        CaffeineSessionStore sessions = new CaffeineSessionStore(Duration.ofMinutes(30), people + warmUp);
        CaffeineChoiceTokenStore tokens = new CaffeineChoiceTokenStore(Duration.ofMinutes(30), (people + warmUp) * 8L);
        EngineProperties engine = new EngineProperties(2000, people, 5, 256, Duration.ofSeconds(60),
                Duration.ofSeconds(20));
        try (ConversationEngine conversations = new ConversationEngine(new TurnHandlerParts(sessions, tokens,
                new ThreeCandidates(), bot -> new UpstreamProfile("token", 3, ""),
                new BridgeCards(EngineHarness.texts(Locale.CHINA)), java.time.Clock.systemUTC()), engine,
                List.of(), List.of())) {
            // Warm up classes and caches with a few sessions that are then removed from the count.
            run(conversations, "warm-up", warmUp);
            long before = usedAfterGc();
            long warm = sessions.size();
            run(conversations, "person", people);
            long after = usedAfterGc();
            long live = sessions.size() - warm;
            if (live != people) {
                throw new IllegalStateException("expected " + people + " live sessions, found " + live);
            }
            System.out.printf("sessions=%d heap-before=%d heap-after=%d bytes-per-session=%d%n", people, before,
                    after, (after - before) / people);
        }
        System.exit(0);
    }

    private static void run(ConversationEngine engine, String prefix, int people) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(people);
        for (int i = 0; i < people; i++) {
            String id = prefix + "-" + i + "@example.com";
            Origin origin = new Origin(SessionKey.oneToOne("wecom-main", id), "wecom:ww0123456789abcdef:" + id);
            // Each text its own string, as parsed callbacks give.
            engine.handle(new UserText(origin, "帮我给项目群发一条消息 " + i), r -> done.countDown());
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the engine did not answer everyone");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
