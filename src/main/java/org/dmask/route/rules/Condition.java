package org.dmask.route.rules;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One test of a value: equals, a regular expression (whole value), or one of a list. */
public sealed interface Condition {

    boolean test(String value);

    record Equals(String expected) implements Condition {
        @Override
        public boolean test(String value) {
            return expected.equals(value);
        }
    }

    record Regex(Pattern pattern) implements Condition {
        @Override
        public boolean test(String value) {
            return value != null && pattern.matcher(value).matches();
        }
    }

    record In(Set<String> values) implements Condition {
        In(List<String> list) {
            this(Set.copyOf(list));
        }

        @Override
        public boolean test(String value) {
            return value != null && values.contains(value);
        }
    }
}
