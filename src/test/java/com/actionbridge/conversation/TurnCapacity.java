package com.actionbridge.conversation;

import com.actionbridge.store.memory.CaffeineChoiceTokenStore;
import com.actionbridge.store.memory.CaffeineSessionStore;
import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamProfile;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Measures how long N people writing at once wait for their answer when the upstream takes 1 s per call, through
 * the real engine with its default bounds (ideal: about 1 s while N is within {@code max-in-flight}).
 * <p>
 * A program, not a test (timings depend on the machine): after {@code mvn -B -q -o test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt},
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *      com.actionbridge.conversation.TurnCapacity 2000
 * </pre>
 * prints {@code people=N last-answered-after=… ms busy=…}.
 */
public final class TurnCapacity {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TurnCapacity() {
    }

    /** An upstream that answers every call after one second. */
    private static final class OneSecondUpstream implements ActionClient {
        @Override
        public ActionResult startDialogue(UpstreamProfile profile, String userId, String content) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ActionResult("c-" + userId, "action_not_found", "S", userId, "no", JSON.nullNode(),
                    JSON.createObjectNode());
        }

        @Override
        public ActionResult answer(UpstreamProfile profile, ActionRequest request) {
            throw new UnsupportedOperationException("only first turns are measured");
        }
    }

    public static void main(String[] args) throws Exception {
        int people = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        EngineProperties defaults = new EngineProperties(2000, 10_000, 5, 256, Duration.ofSeconds(60),
                Duration.ofSeconds(20));
        try (ConversationEngine engine = new ConversationEngine(new TurnHandlerParts(
                new CaffeineSessionStore(Duration.ofMinutes(30), 100_000),
                new CaffeineChoiceTokenStore(Duration.ofMinutes(30), 800_000), new OneSecondUpstream(),
                bot -> new UpstreamProfile("token", 3, ""), new BridgeCards(EngineHarness.texts(Locale.CHINA)),
                Clock.systemUTC()), defaults, List.of(), List.of())) {
            CountDownLatch answered = new CountDownLatch(people);
            long start = System.nanoTime();
            for (int i = 0; i < people; i++) {
                Origin origin = new Origin(SessionKey.oneToOne("bot", "p" + i), "test:p" + i);
                engine.handle(new UserText(origin, "我要请假"), r -> answered.countDown());
            }
            answered.await();
            System.out.printf("people=%d last-answered-after=%d ms busy=%d%n", people,
                    (System.nanoTime() - start) / 1_000_000, engine.rejected());
        }
        System.exit(0);
    }
}
