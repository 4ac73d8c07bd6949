package com.actionbridge.conversation;

import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.ActionStatus;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.Emphasis;
import com.actionbridge.card.Field;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns upstream responses and upstream failures into card drafts. Pure: no state, no tokens. */
final class StatusCards {

    private static final int MAX_VALUE = 300;

    private final Texts texts;

    StatusCards(Texts texts) {
        this.texts = texts;
    }

    Draft render(ActionResult result, ActionData chosen) {
        JsonNode data = result.data();
        String description = result.description() == null ? "" : result.description().strip();
        ActionStatus status = ActionStatus.of(result.status()).orElse(null);
        if (status == null) {
            return unknown(result.status(), description);
        }
        return switch (status) {
            case ACTION_FOUND -> found(data, description);
            case ACTION_NOT_FOUND -> notFound(description);
            case AUTH_REQUIRED -> authRequired(data, description, chosen);
            case AUTH_ACCOUNT_SELECT -> accountSelect(data, description, chosen);
            case ACTION_FIELD_REQUIRED -> fieldRequired(data, description, chosen);
            case ACTION_PREVIEW -> preview(data, description, chosen);
            case ACTION_DONE -> done(data, description, chosen);
            case ACTION_ERROR -> error(data, description, chosen);
        };
    }

    private Draft found(JsonNode data, String description) {
        List<ActionData> actions = Payloads.actions(data);
        if (actions.isEmpty()) {
            return notFound(description);
        }
        StringBuilder md = new StringBuilder(texts.get("status.action_found.intro", actions.size())).append("\n\n");
        List<Draft.Item> buttons = new ArrayList<>();
        int n = 1;
        for (ActionData action : actions) {
            String name = nameOf(action);
            md.append(n++).append(". **").append(name).append("**");
            if (action.appName() != null) {
                md.append("（").append(action.appName()).append("）");
            }
            if (action.description() != null && !action.description().equals(action.actionName())) {
                md.append("：").append(oneLine(action.description()));
            }
            md.append('\n');
            buttons.add(new Draft.Pick(name, new Choice.PickAction(action)));
        }
        md.append('\n').append(texts.get("status.action_found.hint"));
        return new Draft(ActionStatus.ACTION_FOUND.wire(), texts.get("status.action_found.title"), md.toString(),
                List.of(), buttons);
    }

    /** The platform's own description usually says how to rephrase: then only the help pointer is added. */
    private Draft notFound(String description) {
        String body = description.isEmpty()
                ? texts.get("status.action_not_found.default") + "\n\n" + texts.get("status.action_not_found.hint")
                : description + "\n\n" + texts.get("status.action_not_found.help");
        return new Draft(ActionStatus.ACTION_NOT_FOUND.wire(), texts.get("status.action_not_found.title"), body,
                List.of(), List.of());
    }

    private Draft authRequired(JsonNode data, String description, ActionData chosen) {
        String url = Payloads.authUrl(data, description);
        StringBuilder md = new StringBuilder(texts.get("status.auth_required.text", actionName(chosen),
                appName(chosen))).append("\n\n").append(texts.get("status.auth_required.steps"));
        if (url == null && !description.isEmpty()) {
            md.append("\n\n").append(description);
        }
        List<Draft.Item> buttons = new ArrayList<>();
        if (url != null) {
            buttons.add(new Draft.Link(texts.get("status.auth_required.link"), url));
        }
        buttons.add(new Draft.Pick(texts.get("status.auth_required.continue"), new Choice.ContinueAfterAuth()));
        return new Draft(ActionStatus.AUTH_REQUIRED.wire(), texts.get("status.auth_required.title"), md.toString(),
                List.of(), buttons);
    }

    private Draft accountSelect(JsonNode data, String description, ActionData chosen) {
        List<Payloads.Account> accounts = Payloads.accounts(data);
        if (accounts.isEmpty()) {
            return unknown(ActionStatus.AUTH_ACCOUNT_SELECT.wire(), description);
        }
        String md = texts.get("status.auth_account_select.text", appName(chosen), actionName(chosen)) + "\n\n"
                + texts.get("status.auth_account_select.hint");
        List<Draft.Item> buttons = accounts.stream()
                .<Draft.Item>map(a -> new Draft.Pick(a.name(), new Choice.PickAccount(a.id(), a.name())))
                .toList();
        return new Draft(ActionStatus.AUTH_ACCOUNT_SELECT.wire(), texts.get("status.auth_account_select.title"),
                md, List.of(), buttons);
    }

    private Draft fieldRequired(JsonNode data, String description, ActionData chosen) {
        List<Payloads.FieldSpec> specs = Payloads.fields(data);
        StringBuilder md = new StringBuilder(texts.get("status.action_field_required.text", actionName(chosen)));
        List<Field> fields = new ArrayList<>();
        for (Payloads.FieldSpec spec : specs) {
            fields.add(new Field(spec.label(), texts.get(spec.required()
                    ? "status.action_field_required.required" : "status.action_field_required.optional")));
        }
        if (specs.isEmpty()) {
            md.append("\n\n").append(description.isEmpty()
                    ? texts.get("status.action_field_required.unspecified") : description);
        } else if (specs.size() == 1) {
            md.append("\n\n").append(texts.get("status.action_field_required.one", specs.get(0).label()));
        } else {
            StringBuilder example = new StringBuilder();
            for (Payloads.FieldSpec spec : specs) {
                example.append(spec.label()).append("：…\n");
            }
            md.append("\n\n").append(texts.get("status.action_field_required.many", example.toString().strip()));
        }
        return new Draft(ActionStatus.ACTION_FIELD_REQUIRED.wire(), texts.get("status.action_field_required.title"),
                md.toString(), fields, List.of());
    }

    private Draft preview(JsonNode data, String description, ActionData chosen) {
        JsonNode input = Payloads.object(data, "input");
        List<Field> fields = fieldsOf(input != null ? input : Payloads.object(data, "preview"));
        String md = texts.get("status.action_preview.text", actionName(chosen));
        if (fields.isEmpty() && !description.isEmpty()) {
            md += "\n\n" + description;
        }
        return new Draft(ActionStatus.ACTION_PREVIEW.wire(), texts.get("status.action_preview.title"), md, fields,
                List.of(new Draft.Pick(texts.get("status.action_preview.confirm"), new Choice.Confirm(), Emphasis.PRIMARY),
                        new Draft.Pick(texts.get("status.action_preview.cancel"), new Choice.Cancel(),
                                Emphasis.SECONDARY)));
    }

    private Draft done(JsonNode data, String description, ActionData chosen) {
        List<Field> fields = new ArrayList<>(fieldsOf(Payloads.object(data, "output")));
        if (fields.isEmpty()) {
            fields.addAll(fieldsOf(Payloads.object(data, "input")));
        }
        String md = chosen.actionName() == null ? texts.get("status.action_done.text_unnamed")
                : texts.get("status.action_done.text", chosen.actionName());
        if (!description.isEmpty()) {
            md += "\n\n" + description;
        }
        String logUrl = Payloads.logUrl(data);
        List<Draft.Item> buttons = logUrl == null ? List.of()
                : List.of(new Draft.Link(texts.get("status.action_done.log"), logUrl));
        return new Draft(ActionStatus.ACTION_DONE.wire(), texts.get("status.action_done.title"), md, fields,
                buttons);
    }

    private Draft error(JsonNode data, String description, ActionData chosen) {
        String reason = Payloads.text(data, "error", "message", "msg", "reason");
        if (reason == null) {
            reason = description.isEmpty() ? texts.get("status.action_error.no_reason") : description;
        }
        String md = chosen.actionName() == null ? texts.get("status.action_error.text_unnamed", reason)
                : texts.get("status.action_error.text", chosen.actionName(), reason);
        if (!description.isEmpty() && !description.contains(reason)) {
            md += "\n\n" + description;
        }
        md += "\n\n" + texts.get("status.action_error.hint");
        List<Draft.Item> buttons = new ArrayList<>();
        buttons.add(new Draft.Pick(texts.get("status.action_error.restart"), new Choice.Restart()));
        String logUrl = Payloads.logUrl(data);
        if (logUrl != null) {
            buttons.add(new Draft.Link(texts.get("status.action_done.log"), logUrl));
        }
        return new Draft(ActionStatus.ACTION_ERROR.wire(), texts.get("status.action_error.title"), md, List.of(),
                buttons);
    }

    private Draft unknown(String status, String description) {
        String body = description.isEmpty() ? texts.get("status.unknown.empty") : description;
        return new Draft(status == null ? "unknown" : status, texts.get("status.unknown.title"),
                body + "\n\n" + texts.get("status.unknown.hint"), List.of(), List.of());
    }

    /**
     * The platform answered with the same status and data as before, so the person's answer changed nothing: the
     * card says what is still missing and offers a way out (重新开始).
     */
    Draft repeated(Draft draft) {
        String key = "status.repeated." + draft.status();
        Draft noted = draft.noted(texts.get(texts.has(key) ? key : "status.repeated.default"));
        if (draft.buttons().stream().anyMatch(b -> b instanceof Draft.Pick p && p.choice() instanceof Choice.Restart)) {
            return noted;
        }
        List<Draft.Item> buttons = new ArrayList<>(noted.buttons());
        buttons.add(new Draft.Pick(texts.get("status.action_error.restart"), new Choice.Restart()));
        return new Draft(noted.status(), noted.title(), noted.markdown(), noted.fields(), buttons);
    }

    /**
     * An upstream call failed.
     *
     * @param unknownOutcome the failed call was a v1 answer that may have run the action
     * @param refused        the platform refused the request for good ({@code Code} 4000): no retry, only
     *                       重新开始
     * @param logUrl         where to look for the outcome, when known
     * @param retry          a retry option, or null when a retry could run the action twice or cannot succeed
     */
    Draft upstreamError(ActionException e, boolean unknownOutcome, boolean refused, String logUrl,
                        Choice.Retry retry) {
        String detail = e.upstreamMessage() != null ? e.upstreamMessage()
                : e.code() != null ? String.valueOf(e.code()) : "";
        StringBuilder md = new StringBuilder(texts.get("upstream.error." + e.kind().name(), detail));
        List<Draft.Item> buttons = new ArrayList<>();
        if (unknownOutcome) {
            md.append("\n\n").append(texts.get("upstream.error.unknown_outcome")).append("\n\n")
                    .append(logUrl != null ? texts.get("upstream.error.where_log", logUrl)
                            : texts.get("upstream.error.where_default"));
        }
        if (refused) {
            md.append("\n\n").append(texts.get("upstream.error.final"));
            buttons.add(new Draft.Pick(texts.get("status.action_error.restart"), new Choice.Restart()));
        } else if (retry != null) {
            md.append("\n\n").append(texts.get("upstream.error.retry_hint"));
            buttons.add(new Draft.Pick(texts.get("upstream.error.retry"), retry));
        }
        if (logUrl != null) {
            buttons.add(new Draft.Link(texts.get("status.action_done.log"), logUrl));
        }
        return new Draft(CardStatus.UPSTREAM_ERROR, texts.get("upstream.error.title"), md.toString(), List.of(),
                buttons);
    }

    /** A bridge notice as a draft, so showing it supersedes the previous card. */
    Draft notice(String key) {
        return new Draft(CardStatus.NOTICE, texts.get("notice.title"), texts.get(key), List.of(), List.of());
    }

    private List<Field> fieldsOf(JsonNode object) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : Payloads.entries(object)) {
            fields.add(new Field(e.getKey(), display(e.getValue())));
        }
        return fields;
    }

    private String display(JsonNode value) {
        String s;
        if (value == null || value.isNull() || value.isMissingNode()) {
            s = texts.get("field.empty");
        } else if (value.isBoolean()) {
            s = texts.get(value.booleanValue() ? "field.true" : "field.false");
        } else if (value.isString()) {
            s = value.stringValue().isEmpty() ? texts.get("field.empty") : value.stringValue();
        } else {
            s = value.toString();
        }
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "…" : s;
    }

    private String nameOf(ActionData action) {
        if (action.actionName() != null) {
            return action.actionName();
        }
        return action.actionkey() != null ? action.actionkey() : texts.get("action.unnamed");
    }

    private String actionName(ActionData chosen) {
        return chosen.actionName() != null ? chosen.actionName() : texts.get("action.unnamed");
    }

    private String appName(ActionData chosen) {
        return chosen.appName() != null ? chosen.appName() : texts.get("app.unnamed");
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }
}
