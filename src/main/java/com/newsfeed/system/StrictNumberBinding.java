package com.newsfeed.system;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * How path variables and query parameters become numbers: ASCII digits with an optional leading minus, nothing
 * else. Spring's own conversion ends in {@code Long.decode}-style parsing, which takes {@code +1}, other scripts'
 * digits (Arabic-Indic, fullwidth) and, for an empty value, null; a strict API refuses all of them (400 through
 * TypeMismatchException). A custom editor, because Spring falls back to its default editors when a converter
 * refuses a value, but never past a custom editor.
 */
@ControllerAdvice
class StrictNumberBinding {

    @InitBinder
    void strictNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new StrictNumberEditor(Long::parseLong));
        binder.registerCustomEditor(Long.class, new StrictNumberEditor(Long::parseLong));
        binder.registerCustomEditor(int.class, new StrictNumberEditor(Integer::parseInt));
        binder.registerCustomEditor(Integer.class, new StrictNumberEditor(Integer::parseInt));
    }

    static final class StrictNumberEditor extends PropertyEditorSupport {

        private final Function<String, Number> parse;

        StrictNumberEditor(Function<String, Number> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            setValue(parse.apply(checked(text)));
        }

        static String checked(String text) {
            int length = text == null ? 0 : text.length();
            int start = length > 1 && text.charAt(0) == '-' ? 1 : 0;
            if (length == 0 || length - start > 19) {
                throw new NumberFormatException("not a number");
            }
            for (int i = start; i < length; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new NumberFormatException("not ASCII digits");
                }
            }
            return text;
        }
    }
}
