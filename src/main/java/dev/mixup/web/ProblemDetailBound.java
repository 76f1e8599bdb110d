package dev.mixup.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A last bound on every problem's {@code detail}, whichever handler built it: a message that quotes a long
 * request value (a 60 KB {@code dataset_id}) is cut instead of repeating it.
 */
@ControllerAdvice
class ProblemDetailBound implements ResponseBodyAdvice<Object> {

    static final int MAX_DETAIL = 1000;

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getDetail() != null && problem.getDetail().length() > MAX_DETAIL) {
            problem.setDetail(problem.getDetail().substring(0, MAX_DETAIL) + "...");
        }
        return body;
    }
}
