package com.actionbridge.store;

import com.actionbridge.admin.RateWindows;
import com.actionbridge.admin.TurnLog;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.channel.dingtalk.SentCards;
import com.actionbridge.conversation.ChoiceTokenStore;
import com.actionbridge.conversation.SessionLock;
import com.actionbridge.conversation.SessionStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code actionbridge.store}, everything is in memory: no Redis connection, bean or health component. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryStoreByDefaultTest {

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void theDefaultStoreIsMemoryWithNothingOfRedis() throws Exception {
        assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SessionLock.class)).isEmpty();
        for (Class<?> store : new Class<?>[] {SessionStore.class, ChoiceTokenStore.class, Deduplicator.class,
                RateWindows.class, TurnLog.class, SentCards.class}) {
            assertThat(context.getBean(store).getClass().getPackageName()).as(store.getSimpleName())
                    .isEqualTo("com.actionbridge.store.memory");
        }
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(health.body()).path("components").has("redis")).isFalse();
    }
}
