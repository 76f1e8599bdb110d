package dev.mixup.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Integers in paths and queries are decimal: {@code batches/0x10}, {@code batches/+1} or {@code ?batches=1e3}
 * are mistakes, not 16, 1 and 1000. Spring's default number editor (its fallback when conversion fails) would
 * take hex, {@code #10} and a plus sign; {@link Long#valueOf} alone would take "+1" and non-ASCII digits.
 */
@ControllerAdvice
class DecimalIntegers {

    @InitBinder
    void decimalOnly(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new Editor(Long::valueOf, false));
        binder.registerCustomEditor(Long.class, new Editor(Long::valueOf, true));
        binder.registerCustomEditor(int.class, new Editor(Integer::valueOf, false));
        binder.registerCustomEditor(Integer.class, new Editor(Integer::valueOf, true));
    }

    private static final class Editor extends PropertyEditorSupport {

        private final Function<String, Number> parse;
        private final boolean emptyIsNull;

        Editor(Function<String, Number> parse, boolean emptyIsNull) {
            this.parse = parse;
            this.emptyIsNull = emptyIsNull;
        }

        @Override
        public void setAsText(String text) {
            if (text.isEmpty() && emptyIsNull) {
                setValue(null);
                return;
            }
            String digits = text.startsWith("-") ? text.substring(1) : text;
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a decimal integer");
            }
            setValue(parse.apply(text));
        }
    }
}
