package com.actionbridge.store.redis;

import com.actionbridge.card.Button;
import com.actionbridge.conversation.Choice;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * How values are written to Redis: compact JSON of the stores' records (nulls left out), read back tolerating
 * fields this version does not know. Records are written component by component, so a field added to a record
 * (a session's, say) is stored without any change here. The options' {@link Choice} and a card's {@link Button}
 * carry their kind by the record's simple name; every permitted kind is registered, including ones added later.
 */
final class RedisJson {

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    private interface ChoiceKind {
    }

    static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(Choice.class, ChoiceKind.class)
            .addMixIn(Button.class, ChoiceKind.class)
            .registerSubtypes(Stream.of(Choice.class, Button.class).flatMap(t -> Arrays.stream(t.getPermittedSubclasses()))
                    .map(c -> new NamedType(c, c.getSimpleName())).toArray(NamedType[]::new))
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RedisJson() {
    }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    static <T> T read(String json, Class<T> type) {
        return json == null ? null : JSON.readValue(json, type);
    }
}
