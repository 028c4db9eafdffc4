package io.checkoutlake.tools.generator;

import java.text.Normalizer;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/** Synthetic names, street names and free text. No real person's data. */
final class Words {
    static final String[] FIRST_NAMES =
            list("Ana|João|Maria|Pedro|Lucía|Mateo|Sofía|Gabriel|Júlia|Tomás|Inês|Emma|Liam|Noah");
    static final String[] LAST_NAMES =
            list("Silva|Santos|Oliveira|Gómez|Fernández|López|Smith|Brown|Araújo|Muñoz|Conceição");
    static final String[] STREETS =
            list(
                    "Rua das Flores|Avenida Atlântica|Avenida Paulista|Calle Florida|Main Street"
                            + "|Oak Avenue|Calle Mayor|Carrera Séptima|Gran Vía");
    static final String[] NEIGHBORHOODS =
            list("Centro|Jardim América|Botafogo|Palermo|Downtown|Chapinero|Recoleta|Eixample");
    static final String[] REFERENCES =
            list("Near the bakery|Blue gate|Ring the bell twice|Leave with the doorman");
    private static final String[] INSTRUCTIONS =
            list(
                    "Please deliver after 6pm|Call before arriving|The doorman has the gate code"
                            + "|Leave the package at reception|Second floor, green door|Ring twice"
                            + "|If nobody is home leave it with the neighbour|Beware of the dog");

    private Words() {}

    /** The catalogs are written as {@code |}-separated lists to keep them short to read. */
    static String[] list(String values) {
        return values.split("\\|");
    }

    /** Lower-case ASCII form of a name, for e-mail addresses: {@code João -> joao}. */
    static String ascii(String name) {
        return slug(name).replace("-", "");
    }

    /** Exactly {@code length} ASCII characters of delivery instructions. */
    static String textOfLength(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length + 48);
        while (out.length() < length) {
            if (out.length() > 0) {
                out.append(". ");
            }
            out.append(INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)]);
        }
        out.setLength(length);
        // A cut may leave a trailing space, which would look like an accident in a free-text field.
        if (length > 0 && out.charAt(length - 1) == ' ') {
            out.setCharAt(length - 1, '.');
        }
        return out.toString();
    }

    static String hex(SplittableRandom random, int digits) {
        StringBuilder out = new StringBuilder(digits + 15);
        while (out.length() < digits) {
            out.append(String.format(Locale.ROOT, "%016x", random.nextLong()));
        }
        return out.substring(0, digits);
    }

    static String upperHex(SplittableRandom random, int digits) {
        return hex(random, digits).toUpperCase(Locale.ROOT);
    }

    static String digits(SplittableRandom random, int count) {
        return Store.fill(random, "#".repeat(count));
    }

    /** A random (version 4 shaped) UUID, drawn from {@code random} so that it is reproducible. */
    static String uuid(SplittableRandom random) {
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(3L << 62) | (2L << 62);
        return new UUID(high, low).toString();
    }

    /** A lower-case slug of a product name, for URLs: {@code Bay Max L -> bay-max-l}. */
    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            } else if (c == ' ' && out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        return out.toString();
    }
}
