package com.actionbridge.conversation;

import com.actionbridge.card.PageLimit;

/**
 * Where an event comes from.
 *
 * @param session        the session the event belongs to
 * @param upstreamUserId the person's stable id toward the upstream platform, unique across bots and
 *                       platforms (e.g. {@code wecom:<corpId>:<userId>}); it owns the authorised accounts
 * @param page           how much card text one message of the event's channel carries: a longer card shows its
 *                       first page and "更多" the next ones
 */
public record Origin(SessionKey session, String upstreamUserId, PageLimit page) {

    public Origin {
        page = page == null ? PageLimit.DEFAULT : page;
    }

    /** An origin whose channel names no page size: the smallest of any channel. */
    public Origin(SessionKey session, String upstreamUserId) {
        this(session, upstreamUserId, PageLimit.DEFAULT);
    }
}
