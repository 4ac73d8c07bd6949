package com.actionbridge.channel.dingtalk;

import java.util.List;
import java.util.Map;

/**
 * A click on an interactive card (topic {@code /v1.0/card/instances/callback}).
 *
 * @param outTrackId the card instance, as we named it when creating it
 * @param userId     who clicked (staff id)
 * @param corpId     the clicker's org, or null
 * @param spaceType  {@code IM_GROUP} or {@code IM_ROBOT}, as DingTalk reports it
 * @param spaceId    the space's id as DingTalk reports it
 * @param actionIds  the ids of the clicked template actions
 * @param params     the parameters the template sent with the click
 */
public record CardClick(String outTrackId, String userId, String corpId, String spaceType, String spaceId,
                        List<String> actionIds, Map<String, String> params) {

    /** The choice token: the {@code token} parameter, else an action id that looks like one. */
    public String token() {
        String token = params.get("token");
        if (token != null && !token.isBlank()) {
            return token;
        }
        return actionIds.stream().filter(id -> id.matches("[A-Za-z0-9_-]{16}")).findFirst().orElse(null);
    }
}
