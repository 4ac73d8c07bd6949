package com.actionbridge.sandbox;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;

import java.util.stream.Collectors;

/**
 * Real people never get demo answers by accident: with bots configured and no upstream base URL, start-up stops
 * unless the admin asked for the sandbox on purpose ({@code actionbridge.upstream.sandbox: true}).
 */
final class SandboxGuard {

    static final String SWITCH = "actionbridge.upstream.sandbox";

    private SandboxGuard() {
    }

    static void check(BotRegistry bots, boolean sandboxOnPurpose) {
        if (sandboxOnPurpose || bots.all().isEmpty()) {
            return;
        }
        String ids = bots.all().stream().map(BotConfig::id).collect(Collectors.joining(", "));
        throw new IllegalStateException("No AI action platform is configured (actionbridge.upstream.base-url, "
                + "env AI_ACTION_BASE_URL, is empty), so the embedded sandbox would answer the people of the "
                + "configured bots (" + ids + ") with demo results. Set AI_ACTION_BASE_URL to the platform's URL, "
                + "or set " + SWITCH + ": true to run these bots against the sandbox on purpose (every card then "
                + "says it is a demo).");
    }
}
