package com.actionbridge.conversation;

import com.actionbridge.card.Card;
import org.junit.jupiter.api.AfterEach;

import static com.actionbridge.conversation.EngineHarness.person;
import static org.assertj.core.api.Assertions.assertThat;

/** An engine over a scripted upstream per test, and alice to talk to it. */
abstract class EngineTestBase {

    final ScriptedActionClient upstream = new ScriptedActionClient();
    final EngineHarness harness = new EngineHarness(upstream);
    final Origin alice = person("alice");

    @AfterEach
    void stop() {
        harness.close();
    }

    static Card only(TurnResult result) {
        assertThat(result.cards()).hasSize(1);
        return result.cards().get(0);
    }
}
