package io.checkoutlake.tools.generator;

import java.util.SplittableRandom;

/** A synthetic buyer; e-mail addresses use the reserved example.* domains. */
final class Customer {
    private static final String[] MAIL_DOMAINS = {"example.com", "example.org", "example.net"};

    final String firstName;
    final String lastName;
    final String email;
    final String documentType;
    final String document;
    final String phone;
    final boolean corporate;
    final String corporateName;
    final String userProfileId;

    private Customer(
            String firstName,
            String lastName,
            String email,
            String documentType,
            String document,
            String phone,
            boolean corporate,
            String corporateName,
            String userProfileId) {
        this.firstName = firstName;
        this.lastName = lastName;
        this.email = email;
        this.documentType = documentType;
        this.document = document;
        this.phone = phone;
        this.corporate = corporate;
        this.corporateName = corporateName;
        this.userProfileId = userProfileId;
    }

    static Customer create(SplittableRandom random, Store store) {
        String first = Catalog.pick(random, Words.FIRST_NAMES);
        String last = Catalog.pick(random, Words.LAST_NAMES);
        String email =
                Words.ascii(first)
                        + '.'
                        + Words.ascii(last)
                        + random.nextInt(100)
                        + '@'
                        + Catalog.pick(random, MAIL_DOMAINS);
        boolean corporate = random.nextInt(20) == 0;
        return new Customer(
                first,
                last,
                email,
                documentType(store),
                document(random, store),
                phone(random, store),
                corporate,
                corporate ? last + " & " + Catalog.pick(random, Words.LAST_NAMES) + " Ltda" : null,
                Words.uuid(random));
    }

    String fullName() {
        return firstName + ' ' + lastName;
    }

    private static String documentType(Store store) {
        switch (store.countryCode) {
            case "BRA":
                return "cpf";
            case "ARG":
                return "dni";
            case "COL":
                return "cc";
            case "ESP":
                return "nif";
            default:
                return "passport";
        }
    }

    private static String document(SplittableRandom random, Store store) {
        if (store.countryCode.equals("BRA")) {
            return Words.digits(random, 3)
                    + '.'
                    + Words.digits(random, 3)
                    + '.'
                    + Words.digits(random, 3)
                    + '-'
                    + Words.digits(random, 2);
        }
        return Words.digits(random, 8);
    }

    private static String phone(SplittableRandom random, Store store) {
        switch (store.countryCode) {
            case "BRA":
                return "+55" + Words.digits(random, 2) + '9' + Words.digits(random, 8);
            case "ARG":
                return "+5411" + Words.digits(random, 8);
            case "COL":
                return "+573" + Words.digits(random, 9);
            case "ESP":
                return "+346" + Words.digits(random, 8);
            default:
                return "+1" + Words.digits(random, 10);
        }
    }
}
