package com.actionbridge.card;

/**
 * "更多": shows the next page of a card whose text was too long for one message. It picks no option, so a channel
 * leaves the clicked card as it is; a stale one (after a newer card or a reset) gets the usual "no longer valid"
 * notice.
 *
 * @param label what the button says
 * @param token the opaque token the click must send back, like a choice button's
 */
public record MoreButton(String label, String token) implements Button {
}
