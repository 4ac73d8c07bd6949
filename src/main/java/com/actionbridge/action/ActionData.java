package com.actionbridge.action;

/**
 * The {@code data} object of a v1 request: the chosen action and account. Fields not chosen yet are null
 * (sent as JSON null); {@code account_id} is a JSON integer on the wire.
 */
public record ActionData(String appkey, String actionkey, String appName, String actionName, String description,
                         Long accountId, String accountName) {

    public static final ActionData EMPTY = new ActionData(null, null, null, null, null, null, null);

    public ActionData withAccount(Long id, String name) {
        return new ActionData(appkey, actionkey, appName, actionName, description, id, name);
    }
}
