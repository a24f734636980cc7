package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.config.ContactMatrixLoader;
import java.nio.file.Path;

/** The contact matrix as shipped in {@code routes/}, or an edited copy, read by the hub's own loader. */
final class ShippedMatrix {

    static final Path FILE = Path.of("routes/contact-matrix.yaml");

    private ShippedMatrix() {
    }

    static ContactMatrix load() {
        return load(FILE);
    }

    static ContactMatrix load(Path file) {
        return new ContactMatrixLoader(ShippedMatrix::unsetProperties).load(file);
    }

    /** {@code {{key:default}}} is its default, as Camel resolves a property nobody set. */
    private static String unsetProperties(String text) {
        return text.replaceAll("\\{\\{[^}:]+:([^}]*)}}", "$1");
    }
}
