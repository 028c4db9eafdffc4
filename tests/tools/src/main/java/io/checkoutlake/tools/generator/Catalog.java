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

    private static Category category(
            String departmentId,
            String department,
            String categoryId,
            String category,
            String unit,
            String... products) {
        return new Category(
                new String[] {departmentId, categoryId},
                new String[] {department, category},
                unit,
                products);
    }

    private static Category subCategory(
            String departmentId,
            String department,
            String categoryId,
            String category,
            String subId,
            String sub,
            String unit,
            String... products) {
        return new Category(
                new String[] {departmentId, categoryId, subId},
                new String[] {department, category, sub},
                unit,
                products);
    }

    static final Category[] CATEGORIES = {
        category("1", "Toys", "10", "Robots", "un", "Bay Max", "Rover Bot", "Coding Robot Kit"),
        subCategory(
                "1",
                "Toys",
                "11",
                "Puzzles",
                "112",
                "3D Puzzles",
                "un",
                "Lighthouse 3D Puzzle",
                "Globe Puzzle"),
        category("1", "Toys", "12", "Plush", "un", "Teddy Bear", "Plush Fox", "Sleepy Sloth"),
        category(
                "2",
                "Electronics",
                "20",
                "Headphones",
                "un",
                "Wireless Headphones",
                "Sport Earbuds",
                "Studio Headset"),
        subCategory(
                "2",
                "Electronics",
                "21",
                "Chargers",
                "213",
                "Power Banks",
                "un",
                "Power Bank 10000 mAh",
                "Solar Power Bank"),
        category("2", "Electronics", "22", "Smart Home", "un", "Smart Plug", "Smart Bulb"),
        category(
                "3",
                "Home",
                "30",
                "Kitchen",
                "un",
                "Chef Knife",
                "Frying Pan",
                "Coffee Grinder",
                "Electric Kettle"),
        category("3", "Home", "31", "Bedding", "un", "Duvet Cover", "Pillow", "Fitted Sheet"),
        category("4", "Pet", "40", "Cat food", "kg", "Cat food", "Kitten Food", "Cat Treats"),
        category("4", "Pet", "41", "Dog", "un", "Dog Leash", "Chew Toy", "Dog Bed"),
        category("5", "Sports", "50", "Running", "un", "Running Shoes", "Running Socks"),
        category("5", "Sports", "51", "Yoga", "un", "Yoga Mat", "Yoga Block"),
        category("6", "Beauty", "60", "Skincare", "ml", "Face Cream", "Sunscreen SPF 50"),
        category("6", "Beauty", "61", "Fragrance", "ml", "Eau de Parfum", "Body Mist"),
        category("7", "Books", "70", "Fiction", "un", "Novel Paperback", "Short Stories"),
        category("7", "Books", "71", "Cookbooks", "un", "Cookbook", "Baking Book"),
        category("8", "Grocery", "80", "Coffee", "g", "Ground Coffee", "Coffee Beans"),
    };

    static final String[] BRANDS = {
        "Lux Brand",
        "Acme",
        "Northwind",
        "Contoso",
        "Fabrikam",
        "Tailspin",
        "Woodgrove",
        "Litware",
        "Proseware",
        "Adventure Works",
        "Alpine Ski House",
        "Coho Vineyard"
    };

    static final String[] VARIANTS = {
        "Black", "White", "Blue", "Red", "Green", "S", "M", "L", "XL", "500 g", "1 kg", "250 ml"
    };

    static final String[] COURIERS = {
        "Correios",
        "Loggi",
        "Jadlog",
        "Andreani",
        "UPS Ground",
        "FedEx",
        "DHL Express",
        "Seur",
        "Own fleet"
    };

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

    static final String[] STATUS = {
        "payment-pending",
        "payment-approved",
        "ready-for-handling",
        "handling",
        "invoiced",
        "canceled",
        "window-to-cancel"
    };

    static final String[] STATUS_DESCRIPTION = {
        "Payment pending",
        "Payment approved",
        "Ready for handling",
        "Handling shipping",
        "Invoiced",
        "Canceled",
        "Window to cancel"
    };

    private Catalog() {}

    static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
