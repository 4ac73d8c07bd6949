package com.actionbridge.sandbox;

import com.actionbridge.card.Card;
import com.actionbridge.conversation.ConversationEngine;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.TurnResult;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.util.function.Supplier;

/**
 * While the embedded sandbox answers, every card the conversation engine returns says so: the engine's sinks are
 * wrapped in the one place every turn's cards pass, and a line "演示环境…" closes each card's text. Nobody can
 * take a demo answer for a real action.
 */
final class SandboxCards implements BeanPostProcessor {

    private final Supplier<String> notice;

    SandboxCards(Supplier<String> notice) {
        this.notice = notice;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof ConversationEngine)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Object[] args = invocation.getArguments();
            if ("handle".equals(invocation.getMethod().getName()) && args.length == 2
                    && args[1] instanceof ReplySink sink) {
                args[1] = ReplySink.changing(sink, this::mark);
            }
            return invocation.proceed();
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }

    TurnResult mark(TurnResult result) {
        String line = notice.get();
        return result.withCards(result.cards().stream().map(card -> new Card(card.status(), card.title(),
                card.markdown().isEmpty() ? line : card.markdown() + "\n\n" + line, card.fields(), card.buttons()))
                .toList());
    }
}
