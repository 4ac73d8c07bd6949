package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.BotsListener;
import com.actionbridge.bot.Platform;
import me.chanjar.weixin.common.error.WxErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetches an access token for every WeCom bot at start-up, after a reload and then every
 * {@code actionbridge.wecom.credential-check-interval}, so a wrong corp id or secret (or an egress IP that is not
 * trusted) shows the bot DOWN with WeCom's errcode and a hint at once, not only when a send fails. Runs on one
 * daemon thread; never holds a request thread.
 */
public class WeComCredentialCheck implements SmartLifecycle, BotsListener {

    private static final Logger log = LoggerFactory.getLogger(WeComCredentialCheck.class);

    private final BotRegistry registry;
    private final WeComClients clients;
    private final Duration interval;
    private volatile ScheduledExecutorService scheduler;

    public WeComCredentialCheck(BotRegistry registry, WeComClients clients, Duration interval) {
        this.registry = registry;
        this.clients = clients;
        this.interval = interval;
    }

    /** Checks every WeCom bot now, on the calling thread. */
    public void checkAll() {
        for (BotConfig bot : registry.all(Platform.WECOM)) {
            check(bot);
        }
    }

    void check(BotConfig bot) {
        if (!WeComClients.problems(bot).isEmpty()) {
            return;
        }
        String error;
        try {
            // A token still valid (this instance's, or one shared through Redis) proves the credentials worked; a
            // missing or expired one is fetched, and WeCom's answer says what is wrong. Forcing a fetch each time
            // would make every instance take a token of its own.
            clients.service(bot).getAccessToken(false);
            error = null;
        } catch (WxErrorException e) {
            error = describe(e.getError().getErrorCode(), e.getError().getErrorMsg());
        } catch (RuntimeException e) {
            error = "cannot reach " + bot.effectiveApiBaseUrl() + " (" + e.getClass().getSimpleName() + ")";
        }
        String before = clients.credentialsChecked(bot.id(), error);
        if (!Objects.equals(before, error)) {
            if (error == null) {
                log.info("WeCom bot '{}': credentials accepted (access token fetched)", bot.id());
            } else {
                log.warn("WeCom bot '{}': fetching an access token failed: {}", bot.id(), error);
            }
        }
    }

    /** WeCom's errcode, its message and what the admin should do about it. */
    static String describe(int errcode, String errmsg) {
        String hint = switch (errcode) {
            case 40013 -> "the corp-id is wrong (企业ID: 管理后台 → 我的企业 → 企业信息)";
            case 40001, 40091, 41004 -> "the secret is wrong (应用管理 → the app → Secret; it belongs to this app)";
            case 60020 -> "this server's egress IP is not among the app's trusted IPs (企业可信IP)";
            case 41002 -> "the corp-id is missing";
            case -1 -> "WeCom is busy; it is checked again later";
            default -> "see the WeCom error code list";
        };
        String message = errmsg == null ? "" : errmsg.replaceAll("(?i)(corpsecret|secret|access_token)=[^&\\s,]*",
                "$1=****");
        return "errcode " + errcode + " (" + message + "): " + hint;
    }

    @Override
    public void botsReplaced(List<BotConfig> before, List<BotConfig> after) {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.execute(this::checkAll);
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom-credential-check");
            t.setDaemon(true);
            return t;
        });
        scheduler = s;
        registry.addListener(this);
        s.scheduleWithFixedDelay(this::checkAllSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkAllSafely() {
        try {
            checkAll();
        } catch (RuntimeException e) {
            log.warn("WeCom credential check failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() {
        registry.removeListener(this);
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
