package io.checkoutlake.tools.generator;

import java.util.SplittableRandom;

/** The synthetic product catalog: category tree, products, brands, variants. */
final class Catalog {
    /** A leaf of the category tree with its ancestors, as {@code productCategoryIds} lists them. */
    static final class Category {
        final String[] ids;
        final String[] names;
        final String[] products;
        final String measurementUnit;

        Category(String[] ids, String[] names, String measurementUnit, String... products) {
            this.ids = ids;
            this.names = names;
            this.measurementUnit = measurementUnit;
            this.products = products;
        }

        /** {@code /1/10/} for department 1, category 10. */
        String idPath() {
            StringBuilder out = new StringBuilder("/");
            for (String id : ids) {
                out.append(id).append('/');
            }
            return out.toString();
        }
    }

    /** {@code "1 Toys/10 Robots"}: ids and names from the department down to the leaf. */
    private static Category category(String path, String unit, String products) {
        String[] levels = path.split("/");
        String[] ids = new String[levels.length];
        String[] names = new String[levels.length];
        for (int i = 0; i < levels.length; i++) {
            int space = levels[i].indexOf(' ');
            ids[i] = levels[i].substring(0, space);
            names[i] = levels[i].substring(space + 1);
        }
        return new Category(ids, names, unit, Words.list(products));
    }

    static final Category[] CATEGORIES = {
        category("1 Toys/10 Robots", "un", "Bay Max|Rover Bot|Coding Robot Kit"),
        category("1 Toys/11 Puzzles/112 3D Puzzles", "un", "Lighthouse 3D Puzzle|Globe Puzzle"),
        category("2 Electronics/20 Headphones", "un", "Wireless Headphones|Sport Earbuds"),
        category("2 Electronics/21 Chargers/213 Power Banks", "un", "Power Bank 10000 mAh"),
        category("3 Home/30 Kitchen", "un", "Chef Knife|Frying Pan|Coffee Grinder"),
        category("4 Pet/40 Cat food", "kg", "Cat food|Kitten Food"),
        category("5 Sports/50 Running", "un", "Running Shoes|Running Socks"),
        category("6 Beauty/60 Skincare", "ml", "Face Cream|Sunscreen SPF 50"),
        category("8 Grocery/80 Coffee", "g", "Ground Coffee|Coffee Beans"),
    };

    static final String[] BRANDS = Words.list("Lux Brand|Acme|Northwind|Contoso|Fabrikam|Litware");
    static final String[] VARIANTS = Words.list("Black|White|Blue|S|M|L|XL|500 g|1 kg|250 ml");
    static final String[] COURIERS =
            Words.list("Correios|Loggi|Andreani|UPS Ground|DHL Express|Seur");

    /** SLA name, delivery channel, shipping estimate, transit time. */
    static final String[][] SLAS = {
        {"Normal", "delivery", "4bd", "3d"},
        {"Express", "delivery", "1bd", "1d"},
        {"Economy", "delivery", "7bd", "6d"},
        {"Scheduled", "delivery", "2bd", "2d"},
        {"Same Day", "delivery", "0bd", "0d"},
        {"Pickup Store", "pickup-in-point", "2bd", "0d"},
    };

    /** Payment system id, name, group; {@code group} is the source key of payment_group. */
    static final String[][] PAYMENT_SYSTEMS = {
        {"2", "Visa", "creditCard"},
        {"4", "Mastercard", "creditCard"},
        {"1", "American Express", "creditCard"},
        {"201", "Debit Mastercard", "debitCard"},
        {"6", "Boleto Bancário", "bankInvoice"},
        {"125", "Pix", "instantPayment"},
        {"16", "Vale", "giftCard"},
        {"17", "Promissory", "promissory"},
    };

    static final String[] TAX_CODES = {"product_Free", "NCM-9503", "NCM-8518", "PTC-100", ""};

    static final String[] STATUS =
            Words.list(
                    "payment-pending|payment-approved|ready-for-handling|handling|invoiced|canceled"
                            + "|window-to-cancel");
    static final String[] STATUS_DESCRIPTION =
            Words.list(
                    "Payment pending|Payment approved|Ready for handling|Handling shipping|Invoiced"
                            + "|Canceled|Window to cancel");

    private Catalog() {}

    static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
