package com.actionbridge.bot;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code bots:} list is consistent: unique ids, every key its platform needs, well-formed values. Each
 * violation names the bot and the key, e.g. {@code bots[1] (id=ops): aes-key must be 43 characters}.
 */
@Documented
@Constraint(validatedBy = BotsValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidBots {

    String message() default "invalid bots list";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
