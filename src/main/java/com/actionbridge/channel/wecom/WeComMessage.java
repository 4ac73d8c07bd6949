package com.actionbridge.channel.wecom;

import me.chanjar.weixin.cp.bean.message.WxCpMessage;
import me.chanjar.weixin.cp.bean.templatecard.HorizontalContent;
import me.chanjar.weixin.cp.bean.templatecard.TemplateCardButton;

import java.util.List;

/** One rendered WeCom app message, before it is addressed to a person. */
public sealed interface WeComMessage permits WeComMessage.Markdown, WeComMessage.ButtonCard {

    /** The WxJava message to {@code userId} through the app {@code agentId}. */
    WxCpMessage toWxCpMessage(String userId, Integer agentId);

    /** A markdown message (WeCom's subset), at most 2048 bytes of UTF-8. */
    record Markdown(String content) implements WeComMessage {

        @Override
        public WxCpMessage toWxCpMessage(String userId, Integer agentId) {
            return WxCpMessage.MARKDOWN().toUser(userId).agentId(agentId).content(content).build();
        }
    }

    /**
     * A {@code button_interaction} template card.
     *
     * @param taskId   unique per card; the click event carries it back
     * @param title    main title
     * @param subtitle plain text under the title (template cards show no markdown)
     * @param rows     label/value rows; a row with a url opens it when tapped
     * @param buttons  at most six buttons, each keyed by a choice token
     */
    record ButtonCard(String taskId, String title, String subtitle, List<Row> rows, List<Choice> buttons)
            implements WeComMessage {

        public ButtonCard {
            rows = List.copyOf(rows);
            buttons = List.copyOf(buttons);
        }

        @Override
        public WxCpMessage toWxCpMessage(String userId, Integer agentId) {
            List<HorizontalContent> contents = rows.stream().map(Row::toContent).toList();
            List<TemplateCardButton> list = buttons.stream().map(Choice::toButton).toList();
            return WxCpMessage.TEMPLATECARD().toUser(userId).agentId(agentId)
                    .cardType("button_interaction")
                    .taskId(taskId)
                    .mainTitleTitle(title)
                    .subTitleText(subtitle.isEmpty() ? null : subtitle)
                    .horizontalContents(contents.isEmpty() ? null : contents)
                    .buttons(list)
                    .build();
        }
    }

    /** A row of a template card: text, or a link when {@code url} is set. */
    record Row(String key, String value, String url) {

        HorizontalContent toContent() {
            HorizontalContent content = new HorizontalContent();
            content.setKeyname(key);
            content.setValue(value);
            if (url != null) {
                content.setType(1);
                content.setUrl(url);
            }
            return content;
        }
    }

    /** A button of a template card; {@code key} is the engine's choice token, {@code style} WeCom's 1–4. */
    record Choice(String text, String key, int style) {

        public Choice(String text, String key) {
            this(text, key, 1);
        }

        TemplateCardButton toButton() {
            TemplateCardButton button = new TemplateCardButton();
            button.setText(text);
            button.setStyle(style);
            button.setKey(key);
            return button;
        }
    }
}
