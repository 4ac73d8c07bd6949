package com.actionbridge.action;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Data} of a successful response ({@code Code} 2000).
 *
 * @param chatId      the dialogue id to echo next time
 * @param status      the status as sent (may be one this code does not know)
 * @param step        the lifecycle step as sent
 * @param userId      the user id as echoed
 * @param description the platform's ready-to-show text
 * @param data        the status-specific payload: an object, an array, or a JSON null node (never Java null)
 * @param raw         the whole {@code Data} object, unknown fields included
 */
public record ActionResult(String chatId, String status, String step, String userId, String description,
                           JsonNode data, ObjectNode raw) {
}
