package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.bean.message.WxCpMessageSendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends app messages and updates clicked cards through a bot's {@link WxCpService}.
 * <p>
 * WxJava refreshes the access token on 40001/40014/42001 and retries errcode -1 (bounded by our settings).
 * On top of that a send is retried with doubling backoff only when a retry cannot duplicate the message: the
 * rate limit 45009, and a connection that failed before anything was sent. Any other failure (another
 * errcode, a timeout after the request went out) is logged once with the errcode and a hint for the admin,
 * and recorded as the bot's last error. Runs on the caller's thread (an engine thread); never throws.
 */
public class WeComSender {

    private static final Logger log = LoggerFactory.getLogger(WeComSender.class);

    private static final Map<Integer, String> HINTS = Map.ofEntries(
            Map.entry(60020, "add this server's public IP to the app's trusted IPs (企业可信IP) in the admin console"),
            Map.entry(40013, "the corp-id is wrong: copy 企业ID from My Company → Company Information"),
            Map.entry(40001, "the secret is wrong or was reset: copy the app's Secret again"),
            Map.entry(42001, "the access token expired and could not be refreshed: check the app's Secret"),
            Map.entry(40014, "the access token was refused and could not be refreshed: check the app's Secret"),
            Map.entry(40056, "the agent-id is wrong: copy the app's AgentId"),
            Map.entry(301002, "the agent-id is wrong: copy the app's AgentId"),
            Map.entry(81013, "the user is not in the app's visible range (可见范围) or does not exist"),
            Map.entry(60011, "the app may not reach this user: widen the app's visible range (可见范围)"),
            Map.entry(45009, "WeCom's rate limit for this app was reached; the reply was dropped after retries"),
            Map.entry(-1, "WeCom reported system busy on every try"),
            Map.entry(40058, "WeCom refused a parameter of the message (the response_code may have expired)"),
            Map.entry(48002, "this API is not allowed for the app: check the app's permissions"));

    private final WeComClients clients;
    private final WeComProperties properties;

    public WeComSender(WeComClients clients, WeComProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** Sends one message to one person; false when it finally failed (already logged). */
    public boolean send(BotConfig bot, String userId, WeComMessage message) {
        return call(bot, "send " + kind(message) + " to " + userId, service -> {
            WxCpMessageSendResult result = service.getMessageService()
                    .send(message.toWxCpMessage(userId, bot.agentId()));
            if (result != null && result.getInvalidUser() != null && !result.getInvalidUser().isBlank()) {
                log.warn("WeCom bot '{}': user {} was not reached (invaliduser): {}", bot.id(), userId,
                        HINTS.get(81013));
            }
        });
    }

    /** Greys out the clicked button of a card with {@code label}, using the click's ResponseCode. */
    public boolean updateClickedCard(BotConfig bot, String userId, String responseCode, String label) {
        return call(bot, "update the clicked card of " + userId, service -> service.getTaskCardService()
                .updateTemplateCardButton(List.of(userId), null, null, 0, responseCode, label));
    }

    @FunctionalInterface
    private interface Call {
        void run(WxCpService service) throws WxErrorException;
    }

    private boolean call(BotConfig bot, String what, Call call) {
        int attempts = properties.sendMaxAttempts();
        for (int attempt = 1; ; attempt++) {
            Integer errcode = null;
            Exception failure;
            boolean retryable;
            try {
                call.run(clients.service(bot));
                clients.sendSucceeded(bot.id());
                return true;
            } catch (WxErrorException e) {
                errcode = e.getError() == null ? null : e.getError().getErrorCode();
                failure = e;
                retryable = errcode != null && errcode == 45009;
            } catch (WxRuntimeException e) {
                failure = e;
                retryable = notSent(e);
                if (e.getCause() == null && String.valueOf(e.getMessage()).contains("超出重试次数")) {
                    errcode = -1;
                }
            } catch (RuntimeException e) {
                failure = e;
                retryable = notSent(e);
            }
            if (retryable && attempt < attempts) {
                long wait = properties.sendBackoff().toMillis() << (attempt - 1);
                log.info("WeCom bot '{}': could not {} (attempt {}/{}, {}), retrying in {} ms", bot.id(), what,
                        attempt, attempts, describe(errcode, failure), wait);
                if (!pause(wait)) {
                    retryable = false;
                } else {
                    continue;
                }
            }
            String error = describe(errcode, failure);
            String hint = errcode == null ? networkHint(failure) : HINTS.getOrDefault(errcode,
                    "see WeCom's global error codes for errcode " + errcode);
            log.error("WeCom bot '{}': could not {} after {} attempt(s): {}. Hint: {}", bot.id(), what, attempt,
                    error, hint);
            clients.sendFailed(bot.id(), error + " (" + hint + ")");
            return false;
        }
    }

    private static String kind(WeComMessage message) {
        return message instanceof WeComMessage.ButtonCard ? "a template card" : "a markdown message";
    }

    private static String describe(Integer errcode, Exception failure) {
        if (errcode != null) {
            String msg = failure instanceof WxErrorException e && e.getError() != null
                    ? e.getError().getErrorMsg() : "system busy";
            return "errcode " + errcode + " (" + msg + ")";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String networkHint(Exception failure) {
        return notSent(failure)
                ? "the WeCom API could not be reached: check api-base-url, DNS and the outbound firewall/proxy"
                : "the request may have reached WeCom; it was not repeated to avoid a duplicate message";
    }

    /** True when the failure happened before the request could reach WeCom, so a retry is safe. */
    private static boolean notSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static boolean pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
