package dev.aigateway.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A setting whose value is one of a few words ({@code fixed} or {@code sliding}, ...): each enum constant has its
 * documented spelling, and a value names it ignoring case and surrounding blanks, in config and in the management API
 * alike (as the gateway has always read these words).
 */
public interface Spelled {

    /** The documented spelling, as the management API shows it. */
    String spelling();

    /** The constant among {@code values} that {@code value} spells; empty for null or any other word. */
    static <E extends Enum<E> & Spelled> Optional<E> parse(E[] values, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String word = value.strip();
        return Arrays.stream(values)
                .filter(e -> e.spelling().equalsIgnoreCase(word))
                .findFirst();
    }

    /** The spellings, sorted, for messages: {@code [fixed, sliding]}. */
    static String choices(Spelled[] values) {
        TreeSet<String> spellings = new TreeSet<>();
        for (Spelled v : values) {
            spellings.add(v.spelling());
        }
        return spellings.toString();
    }

    /**
     * Reads such a setting ({@code @WithConverter}): any other word fails start-up with a message naming the
     * spellings (SmallRye adds the property's name).
     */
    abstract class Converter<E extends Enum<E> & Spelled> implements org.eclipse.microprofile.config.spi.Converter<E> {

        private final E[] values;

        protected Converter(E[] values) {
            this.values = values;
        }

        @Override
        public E convert(String value) {
            if (value == null || value.isBlank()) {
                return null; // unset: the setting's default applies
            }
            return parse(values, value)
                    .orElseThrow(() ->
                            new IllegalArgumentException("'" + value.strip() + "' is not one of " + choices(values)));
        }
    }
}
