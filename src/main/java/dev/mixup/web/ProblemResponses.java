package dev.mixup.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.http.HttpStatus;

/**
 * The problem statuses an operation really answers, documented by {@link ProblemDocumentation}.
 * 401 is added to every operation: each answers it when {@code mixup.api-key} is set.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface ProblemResponses {

    HttpStatus[] value();
}
