package com.actionbridge.conversation;

import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionRequest;

/** What an option on a card does when it is picked. Plain records, so any session store can keep them. */
public sealed interface Choice {

    /** Picks one of several candidate actions (action_found). */
    record PickAction(ActionData action) implements Choice {
    }

    /** Picks one of several authorised accounts (auth_account_select). */
    record PickAccount(long accountId, String accountName) implements Choice {
    }

    /** "I have authorised, continue" (auth_required). */
    record ContinueAfterAuth() implements Choice {
    }

    /** Runs the previewed action (action_preview). */
    record Confirm() implements Choice {
    }

    /** Drops the previewed action; nothing is sent upstream. */
    record Cancel() implements Choice {
    }

    /** Ends the session, as the reset command does. */
    record Restart() implements Choice {
    }

    /**
     * Sends again a request that failed before it could have run anything.
     *
     * @param content the words of a new dialogue (v2), when {@code request} is null
     * @param request the v1 request to send again as it was, or null
     */
    record Retry(String content, ActionRequest request) implements Choice {
    }
}
