package com.actionbridge.sandbox;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code actionbridge.upstream.base-url} is empty: only then does the sandbox exist. */
final class SandboxCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String baseUrl = context.getEnvironment().getProperty("actionbridge.upstream.base-url", "");
        return baseUrl.isBlank();
    }
}
