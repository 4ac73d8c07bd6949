package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.WxCpConfigStorage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * One WxJava {@link WxCpService} per WeCom bot, built on first use and rebuilt when the bot's configuration
 * changes; WxJava caches each bot's access token in its config and refreshes it on 40001/40014/42001.
 * All of them send through one HTTP connection pool ({@link WeComHttpClientBuilder}) with a timeout on every wait.
 * Also the WeCom side of the bots' connection state: a webhook bot is connected when it is configured, its
 * credentials fetched a token ({@link WeComCredentialCheck}) and its last send went through.
 * <p>
 * Every configured WeCom bot is checked when this is created, so a missing or malformed key stops start-up
 * with the bot and the key named.
 */
public class WeComClients implements BotConnectionSource {

    private record Built(BotConfig config, WxCpService service) {
    }

    private record SendState(Instant lastOk, String lastError) {
    }

    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");

    private final BotRegistry registry;
    private final WeComProperties properties;
    private final Clock clock;
    private final WeComConfigs configs;
    private final WeComHttpClientBuilder http;
    private final ConcurrentMap<String, Built> services = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SendState> states = new ConcurrentHashMap<>();
    /** The last credential check's error per bot; a bot checked fine has no entry. */
    private final ConcurrentMap<String, String> credentialErrors = new ConcurrentHashMap<>();

    public WeComClients(BotRegistry registry, WeComProperties properties, Clock clock) {
        this(registry, properties, WeComHttpProperties.defaults(), clock, WeComConfigs.MEMORY);
    }

    /** @param configs where each bot's WxJava configuration (and so its access token) is kept */
    public WeComClients(BotRegistry registry, WeComProperties properties, Clock clock, WeComConfigs configs) {
        this(registry, properties, WeComHttpProperties.defaults(), clock, configs);
    }

    /** @param http the HTTP pool every bot's WxJava service sends through */
    public WeComClients(BotRegistry registry, WeComProperties properties, WeComHttpProperties http, Clock clock) {
        this(registry, properties, http, clock, WeComConfigs.MEMORY);
    }

    public WeComClients(BotRegistry registry, WeComProperties properties, WeComHttpProperties http, Clock clock,
                        WeComConfigs configs) {
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
        this.configs = configs;
        this.http = new WeComHttpClientBuilder(http);
        List<String> problems = new ArrayList<>();
        for (BotConfig bot : registry.all(Platform.WECOM)) {
            problems.addAll(problems(bot));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid WeCom bot configuration: " + String.join("; ", problems));
        }
    }

    /** The bot's WxJava service; refuses an incomplete bot with a message naming it and the key. */
    public WxCpService service(BotConfig bot) {
        // Read-mostly: every callback asks, a reload changes it; compute() would lock the entry each time.
        Built current = services.get(bot.id());
        if (current != null && (current.config() == bot || current.config().equals(bot))) {
            return current.service();
        }
        List<String> problems = problems(bot);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return services.compute(bot.id(), (id, old) ->
                old != null && old.config().equals(bot) ? old : new Built(bot, build(bot))).service();
    }

    public WxCpConfigStorage config(BotConfig bot) {
        return service(bot).getWxCpConfigStorage();
    }

    private WxCpService build(BotConfig bot) {
        WxCpDefaultConfigImpl config = configs.create();
        // The corp id first: a shared (Redis) configuration names its token key after the corp and agent ids.
        config.setCorpId(bot.corpId());
        config.setCorpSecret(bot.secret());
        config.setAgentId(bot.agentId());
        config.setToken(bot.token());
        config.setAesKey(bot.aesKey());
        config.setBaseApiUrl(bot.effectiveApiBaseUrl());
        config.setApacheHttpClientBuilder(http);
        WxCpServiceImpl service = new WxCpServiceImpl();
        service.setWxCpConfigStorage(config);
        // WxJava retries errcode -1 itself; bound it by our settings (at least 1, or it loses every errcode).
        service.setMaxRetryTimes(Math.max(1, properties.sendMaxAttempts() - 1));
        service.setRetrySleepMillis((int) Math.max(1, properties.sendBackoff().toMillis()));
        return service;
    }

    /** What is wrong with a WeCom bot's keys, each naming the bot and the key; empty when it is complete. */
    static List<String> problems(BotConfig bot) {
        List<String> problems = new ArrayList<>();
        String name = "bot '" + bot.id() + "': ";
        if (blank(bot.corpId())) {
            problems.add(name + "corp-id is missing (企业ID, My Company → Company Information)");
        }
        if (bot.agentId() == null || bot.agentId() <= 0) {
            problems.add(name + "agent-id is missing or not a positive number (the app's AgentId)");
        }
        if (blank(bot.secret())) {
            problems.add(name + "secret is missing (the app's Secret)");
        }
        if (blank(bot.token())) {
            problems.add(name + "token is missing (the callback Token of the app's API receive settings)");
        }
        if (blank(bot.aesKey())) {
            problems.add(name + "aes-key is missing (the callback EncodingAESKey, 43 characters)");
        } else if (!validAesKey(bot.aesKey())) {
            problems.add(name + "aes-key must be the 43-character EncodingAESKey (letters and digits)");
        }
        if (!blank(bot.apiBaseUrl()) && !validUrl(bot.apiBaseUrl())) {
            problems.add(name + "api-base-url must be an http(s) URL");
        }
        return problems;
    }

    private static boolean validAesKey(String key) {
        if (key.length() != 43 || !AES_KEY.matcher(key).matches()) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key + "=").length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    void sendSucceeded(String botId) {
        states.put(botId, new SendState(clock.instant(), null));
        credentialErrors.remove(botId);
    }

    /** Records a credential check's outcome (null: fine); answers the previous one. */
    String credentialsChecked(String botId, String error) {
        return error == null ? credentialErrors.remove(botId) : credentialErrors.put(botId, error);
    }

    void sendFailed(String botId, String error) {
        states.compute(botId, (id, old) -> new SendState(old == null ? null : old.lastOk(), error));
    }

    @Override
    public Optional<BotConnection> connection(String botId) {
        return registry.find(botId, Platform.WECOM).map(bot -> {
            SendState state = states.get(botId);
            List<String> problems = problems(bot);
            boolean configured = problems.isEmpty();
            String credentials = credentialErrors.get(botId);
            String error = !configured ? String.join("; ", problems)
                    : credentials != null ? credentials : state == null ? null : state.lastError();
            return new BotConnection(botId, configured && error == null,
                    state == null ? null : state.lastOk(), 0, error, "http callback");
        });
    }
}
