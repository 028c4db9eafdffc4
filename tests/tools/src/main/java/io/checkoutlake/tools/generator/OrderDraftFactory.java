package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.tools.generator.OrderDraft.UnknownField;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Draws the content of a document version: the order-level sections and its first item, and on
 * request the more items {@link DocumentSizer} grows a document with. Nested keys are camelCase as
 * in the OMS example; every key is one the schema knows (after snake_case and the restructuring
 * drops), or one that restructuring drops, or the requested unknown field.
 */
final class OrderDraftFactory {
    private static final String[] CANCEL_REASONS =
            Words.list(
                    "Item size was too large.|Customer changed their mind.|Payment not approved."
                            + "|Out of stock.");
    private static final String[] UTM_SOURCES = Words.list("google|fb|instagram|newsletter|bing");
    private static final String[] UTM_MEDIA = Words.list("cpc|email|social|organic|affiliate");
    private static final String[] CAMPAIGNS =
            Words.list("christmas|black-friday|back-to-school|summer-sale|mothers-day");
    private static final String[] MARKETING_TAGS =
            Words.list("vtex-subscription|first-purchase|loyalty|app-order|influencer");
    private static final String[] PROMOTIONS =
            Words.list("10 off|Free shipping over 200|Buy 2 pay 1|Shipping promo $100|Weekend 15%");
    private static final String[] ACQUIRERS = Words.list("Cielo|Stone|Rede|Getnet|Adyen");
    private static final String[] OPEN_TEXTS =
            Words.list("Deliver after 6pm|Gift, please remove the price tag|Call before delivery");

    private final SplittableRandom random;

    OrderDraftFactory(SplittableRandom random) {
        this.random = random;
    }

    /** A document version with its order-level sections and one item. */
    OrderDraft create(OrderPlan plan, int version, UnknownField unknownField) {
        OrderDraft d = new OrderDraft(plan, version, unknownField);
        Store store = plan.store;
        Instant lastChange = plan.lastChange(version);
        RawTimestamps.Stamp created =
                RawTimestamps.randomStamp(random, plan.creationDate, store.offset);
        d.set("CreationDate", created.text);
        d.set("TimeZoneCreationDate", RawTimestamps.local(plan.creationDate, store.offset));
        if (lastChange != null) {
            RawTimestamps.Stamp changed =
                    RawTimestamps.randomStamp(random, lastChange, store.offset);
            d.set("LastChange", changed.text);
            d.set("TimeZoneLastChange", RawTimestamps.local(lastChange, store.offset));
            d.eventTime = changed.instant;
        } else {
            // Either left out or written "null"; TimeZoneLastChange goes with it.
            if (!random.nextBoolean()) {
                d.fields.remove("LastChange");
            }
            d.fields.remove("TimeZoneLastChange");
            d.eventTime = created.instant;
        }
        d.set("OrderFormId", plan.id);
        d.set("SalesChannel", random.nextInt(4) == 0 ? "2" : "1");
        d.set("IsCheckedIn", random.nextInt(20) == 0);
        if (d.isCheckout()) {
            d.set("InstanceId", "i-0" + Words.hex(random, 16));
        }
        d.sellers = sellers(store);
        d.set("Sellers", d.sellers);
        addresses(d);
        d.set("StorePreferencesData", storePreferences(store));
        ObjectNode clientPreferences = Json.object().put("locale", store.locale);
        d.set(
                "ClientPreferencesData",
                clientPreferences.put("optinNewsLetter", random.nextBoolean()));
        d.set("ClientProfileData", plan.customer);
        d.set("MarketingData", random.nextInt(10) < 8 ? marketing() : null);
        d.set("RatesAndBenefitsData", random.nextInt(10) < 7 ? ratesAndBenefits() : null);
        d.set("GiftRegistryData", random.nextInt(20) == 0 ? giftRegistry() : null);
        d.set("CustomData", random.nextInt(10) < 4 ? customData() : null);
        d.set("CommercialConditionData", commercialCondition());
        d.set("OpenTextField", openText());
        payments(d, store);
        if (!d.isCheckout()) {
            fulfillment(d, lastChange != null ? lastChange : plan.creationDate);
        }
        d.items.add(item(d, 0, false));
        return d;
    }

    /**
     * Strips a draft to what a small order carries, for a size limit that the full first item and
     * optional sections would exceed.
     */
    void makeLean(OrderDraft d) {
        for (String key :
                Words.list(
                        "MarketingData|RatesAndBenefitsData|GiftRegistryData|CustomData"
                                + "|CommercialConditionData|OpenTextField")) {
            d.set(key, null);
        }
        if (!d.isCheckout()) {
            d.set("ChangesAttachment", null);
            d.set("PackageAttachment", null);
        }
        d.giftCards.removeAll();
        d.items.clear();
        d.items.add(item(d, 0, true));
    }

    /** The next line of the order; lean lines have no extras such as bundles and attachments. */
    ItemDraft item(OrderDraft d, int index, boolean lean) {
        Store store = d.plan.store;
        Catalog.Category category = Catalog.pick(random, Catalog.CATEGORIES);
        String product = Catalog.pick(random, category.products);
        String name = product + ' ' + Catalog.pick(random, Catalog.VARIANTS);
        String slug = Words.slug(name);
        String skuId = Integer.toString(1 + random.nextInt(99_999));
        String productId = Integer.toString(1 + random.nextInt(9_999));
        String refId = Words.upperHex(random, 6);
        String ean = Words.digits(random, 13);
        String seller = d.sellers.get(random.nextInt(d.sellers.size())).get("id").textValue();

        long listPrice = (5 + random.nextInt(500)) * 100L + 90;
        long price =
                random.nextInt(3) == 0
                        ? roundTo10(listPrice * (70 + random.nextInt(30)) / 100)
                        : listPrice;
        long quantity = quantity();
        long sellingPrice = price;
        ArrayNode priceTags = Json.array();
        if (!lean && random.nextInt(3) == 0) {
            long discount = roundTo10(price * (5 + random.nextInt(16)) / 100);
            sellingPrice = price - discount;
            priceTags.add(priceTag("DISCOUNT@MARKETPLACE", -discount * quantity, false));
        }
        long tax = store.countryCode.equals("USA") ? roundTo10(sellingPrice * 8 / 100) : 0;

        ObjectNode item = Json.object();
        item.put("uniqueId", Words.upperHex(random, 32));
        item.put("id", skuId);
        item.put("productId", productId);
        item.put("refId", refId);
        item.put("ean", ean);
        item.put("name", name);
        item.put("skuName", name);
        item.put("quantity", quantity);
        item.put("seller", seller);
        item.put("sellerSku", skuId);
        item.put("price", price);
        item.put("listPrice", listPrice);
        item.put("sellingPrice", sellingPrice);
        item.putNull("manualPrice");
        item.put("costPrice", roundTo10(price * (40 + random.nextInt(30)) / 100));
        item.put("rewardValue", random.nextInt(4) == 0 ? roundTo10(price / 10) : 0);
        item.put("commission", 0);
        item.put("tax", tax);
        item.put("isGift", random.nextInt(50) == 0);
        item.put("measurementUnit", category.measurementUnit);
        item.put("unitMultiplier", category.measurementUnit.equals("un") ? 1.0 : pickMultiplier());
        item.put(
                "priceValidUntil",
                timestamp(d.plan.creationDate.plus(Duration.ofDays(365)), store));
        item.put("productCategoryIds", category.idPath());
        ObjectNode categories = item.putObject("productCategories");
        for (int i = 0; i < category.ids.length; i++) {
            categories.put(category.ids[i], category.names[i]);
        }
        item.set("priceTags", priceTags);
        item.set("additionalInfo", additionalInfo(category));
        String imageBase = "https://" + store.account + ".example.com/arquivos/ids/";
        item.put(
                "imageUrl",
                imageBase + (100_000 + random.nextInt(900_000)) + "-55-55/" + slug + ".jpg");
        item.put("detailUrl", '/' + slug + "/p");
        item.put("taxCode", Catalog.pick(random, Catalog.TAX_CODES));
        ArrayNode bundleItems = item.putArray("bundleItems");
        item.putArray("components");
        ArrayNode offerings = item.putArray("offerings");
        ArrayNode attachments = item.putArray("attachments");
        ArrayNode attachmentOfferings = item.putArray("attachmentOfferings");
        if (!lean) {
            if (random.nextInt(5) == 0) {
                bundleItems.add(bundleItem());
            }
            if (random.nextInt(5) == 0) {
                offerings.add(offering());
            }
            if (random.nextInt(4) == 0) {
                attachments.add(engraving());
            }
            if (random.nextInt(4) == 0) {
                attachmentOfferings.add(subscriptionOffering());
            }
        }
        if (!d.isCheckout()) {
            ObjectNode itemAttachment = item.putObject("itemAttachment");
            itemAttachment.putObject("content");
            itemAttachment.putNull("name");
        }
        if (index == 0 && d.unknownField == UnknownField.ITEM_GIFT_WRAP_COLOR) {
            item.put("giftWrapColor", Catalog.pick(random, new String[] {"red", "gold", "blue"}));
        }

        ObjectNode metadata = null;
        if (d.isCheckout()) {
            metadata = Json.object();
            metadata.put("id", skuId);
            metadata.put("seller", seller);
            metadata.put("name", name);
            metadata.put("skuName", name);
            metadata.put("productId", productId);
            metadata.put("refId", refId);
            metadata.put("ean", ean);
            metadata.put("imageUrl", item.get("imageUrl").textValue());
            metadata.put("detailUrl", item.get("detailUrl").textValue());
            ArrayNode assemblyOptions = metadata.putArray("assemblyOptions");
            if (!lean && random.nextInt(3) == 0) {
                assemblyOptions.add(assemblyOption());
            }
        }

        int firstSla = random.nextInt(Catalog.SLAS.length);
        long shippingPrice = random.nextInt(4) == 0 ? 0 : (5 + random.nextInt(35)) * 100L - 10;
        ObjectNode logistics = logistics(d, index, firstSla, shippingPrice, quantity, lean);
        return new ItemDraft(
                item, metadata, logistics, price, sellingPrice, quantity, shippingPrice, tax);
    }

    ObjectNode rateAndBenefitsIdentifier() {
        ObjectNode id = Json.object();
        id.put("id", Words.uuid(random));
        id.put("name", Catalog.pick(random, PROMOTIONS));
        id.put("featured", random.nextBoolean());
        id.put("description", random.nextBoolean() ? "Promotion of the week" : "Seasonal campaign");
        ObjectNode matched = id.putObject("matchedParameters");
        matched.put("Seller@CatalogSystem", "1|inclusive");
        if (random.nextBoolean()) {
            matched.put("couponCode@Marketing", "SALE" + (5 + random.nextInt(20)));
        }
        if (random.nextBoolean()) {
            id.putNull("additionalInfo");
        } else {
            id.putObject("additionalInfo").put("promotionType", "regular");
        }
        return id;
    }

    SplittableRandom random() {
        return random;
    }

    private ObjectNode logistics(
            OrderDraft d,
            int index,
            int firstSla,
            long shippingPrice,
            long quantity,
            boolean lean) {
        Store store = d.plan.store;
        String[] selected = Catalog.SLAS[firstSla];
        ObjectNode l = Json.object();
        l.put("itemIndex", index);
        l.put("selectedSla", selected[0]);
        l.put("selectedDeliveryChannel", selected[1]);
        l.put("deliveryChannel", selected[1]);
        l.put("price", shippingPrice);
        l.put("listPrice", shippingPrice);
        l.put("sellingPrice", shippingPrice);
        l.put("shippingEstimate", selected[2]);
        Instant latest = d.plan.creationDate.plus(Duration.ofDays(2 + random.nextInt(10)));
        l.put("shippingEstimateDate", timestamp(latest, store));
        l.put("lockTTL", (1 + random.nextInt(10)) + "d");
        l.put("deliveryCompany", Catalog.pick(random, Catalog.COURIERS));
        l.putArray("shipsTo").add(store.countryCode);
        ArrayNode slas = l.putArray("slas");
        slas.add(sla(store, firstSla, shippingPrice));
        if (!lean && random.nextBoolean()) {
            slas.add(sla(store, (firstSla + 1) % Catalog.SLAS.length, shippingPrice + 500));
        }
        ObjectNode delivery = l.putArray("deliveryIds").addObject();
        delivery.put("courierId", Words.hex(random, 6));
        delivery.put("courierName", l.get("deliveryCompany").textValue());
        delivery.put("dockId", "dock_" + Words.hex(random, 4));
        delivery.put("quantity", quantity);
        delivery.put("warehouseId", "warehouse_" + Words.hex(random, 4));
        delivery.set("accountCarrierName", Json.text(random.nextBoolean() ? null : store.account));
        l.put("addressId", d.shippingAddress.get("addressId").textValue());
        l.put("transitTime", selected[3]);
        return l;
    }

    private ObjectNode sla(Store store, int spec, long price) {
        String[] s = Catalog.SLAS[spec];
        boolean pickup = s[1].equals("pickup-in-point");
        ObjectNode sla = Json.object();
        sla.put("id", s[0]);
        sla.put("name", s[0]);
        sla.put("deliveryChannel", s[1]);
        sla.put("shippingEstimate", s[2]);
        sla.put("price", price);
        sla.put("transitTime", s[3]);
        if (pickup) {
            sla.put("pickupPointId", "1_" + store.account + "-" + Words.hex(random, 3));
            sla.put("pickupDistance", round(0.5 + random.nextDouble() * 25, 2));
        } else {
            sla.putNull("pickupPointId");
            sla.put("pickupDistance", 0.0);
        }
        sla.put("polygonName", random.nextBoolean() ? "" : "region" + random.nextInt(300));
        ObjectNode info = sla.putObject("pickupStoreInfo");
        info.put("isPickupStore", pickup);
        if (pickup) {
            info.put("friendlyName", store.name + ' ' + store.pickCity(random).name);
            info.put("dockId", "dock_" + Words.hex(random, 4));
        } else {
            info.putNull("friendlyName");
            info.putNull("dockId");
        }
        return sla;
    }

    private ArrayNode sellers(Store store) {
        ArrayNode sellers = Json.array();
        ObjectNode own = sellers.addObject();
        own.put("id", "1");
        own.put("name", store.name);
        own.put(
                "logo",
                random.nextBoolean() ? "" : "https://" + store.account + ".example.com/logo.png");
        if (random.nextInt(5) == 0) {
            ObjectNode partner = sellers.addObject();
            String partnerId = "partner" + Words.digits(random, 3);
            partner.put("id", partnerId);
            partner.put("name", "Partner " + Catalog.pick(random, Catalog.BRANDS));
            partner.put("logo", "");
        }
        return sellers;
    }

    private void addresses(OrderDraft d) {
        Store store = d.plan.store;
        Store.City city = store.pickCity(random);
        ObjectNode a = Json.object();
        a.put("addressType", random.nextInt(5) == 0 ? "commercial" : "residential");
        ObjectNode buyer = d.plan.customer;
        a.put(
                "receiverName",
                buyer.get("firstName").textValue() + ' ' + buyer.get("lastName").textValue());
        a.put("addressId", Words.digits(random, 13));
        a.put("postalCode", Store.fill(random, store.postalCodePattern));
        a.put("city", city.name);
        a.put("state", city.state);
        a.put("country", store.countryCode);
        a.put("street", Catalog.pick(random, Words.STREETS));
        a.put("number", Integer.toString(1 + random.nextInt(3000)));
        a.put("neighborhood", Catalog.pick(random, Words.NEIGHBORHOODS));
        a.set(
                "complement",
                Json.text(random.nextBoolean() ? null : "Apt " + (1 + random.nextInt(300))));
        a.set(
                "reference",
                Json.text(random.nextBoolean() ? null : Catalog.pick(random, Words.REFERENCES)));
        ArrayNode geo = a.putArray("geoCoordinates");
        geo.add(round(city.longitude + (random.nextDouble() - 0.5) * 0.2, 7));
        geo.add(round(city.latitude + (random.nextDouble() - 0.5) * 0.2, 7));
        d.selectedAddress = a.deepCopy();
        d.selectedAddress.set(
                "reference",
                Json.text(random.nextBoolean() ? null : Catalog.pick(random, Words.REFERENCES)));
        if (d.unknownField == UnknownField.ADDRESS_DOOR_CODE) {
            a.put("doorCode", Words.digits(random, 4) + '#');
        }
        d.shippingAddress = a;
    }

    private static ObjectNode storePreferences(Store store) {
        return Json.parse(
                "{'countryCode':%s,'currencyCode':%s,'currencySymbol':%s,'currencyLocale':%s,"
                        + "'timeZone':%s,'currencyFormatInfo':{'CurrencyDecimalDigits':2,"
                        + "'CurrencyDecimalSeparator':%s,'CurrencyGroupSeparator':%s,"
                        + "'CurrencyGroupSize':3,'StartsWithCurrencySymbol':true}}",
                store.countryCode,
                store.currencyCode,
                store.currencySymbol,
                store.currencyLocale,
                store.timeZoneName,
                store.decimalSeparator,
                store.groupSeparator);
    }

    private ObjectNode marketing() {
        ObjectNode m = Json.object();
        m.put("utmSource", Catalog.pick(random, UTM_SOURCES));
        m.put("utmMedium", Catalog.pick(random, UTM_MEDIA));
        m.put("utmCampaign", Catalog.pick(random, CAMPAIGNS));
        m.set(
                "utmPartner",
                Json.text(random.nextBoolean() ? null : "partner-" + Words.hex(random, 4)));
        m.put("utmiCampaign", random.nextBoolean() ? " " : "home-banner");
        m.put("utmiPage", random.nextBoolean() ? " " : "category");
        m.put("utmiPart", random.nextBoolean() ? " " : "carousel");
        m.set(
                "coupon",
                Json.text(random.nextInt(3) == 0 ? "SALE" + (5 + random.nextInt(20)) : null));
        ArrayNode tags = m.putArray("marketingTags");
        if (random.nextInt(3) == 0) {
            tags.add(Catalog.pick(random, MARKETING_TAGS));
        }
        return m;
    }

    private ObjectNode ratesAndBenefits() {
        ObjectNode r = Json.object();
        ArrayNode ids = r.putArray("rateAndBenefitsIdentifiers");
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            ids.add(rateAndBenefitsIdentifier());
        }
        ArrayNode teaser = r.putArray("teaser");
        if (random.nextInt(4) == 0) {
            ObjectNode t = teaser.addObject();
            t.put("name", "Buy 3 get 10% off");
            t.put("featured", "false");
            t.put("conditions", "MinimumQuantity=3");
        }
        return r;
    }

    private ObjectNode giftRegistry() {
        boolean wedding = random.nextBoolean();
        return Json.parse(
                "{'giftRegistryId':%s,'giftRegistryType':%s,'giftRegistryTypeName':%s,"
                        + "'addressId':%s,'description':%s}",
                Integer.toString(100 + random.nextInt(900)),
                wedding ? "9" : "4",
                wedding ? "Wedding list" : "Baby shower",
                Words.digits(random, 13),
                Catalog.pick(random, Words.FIRST_NAMES)
                        + " & "
                        + Catalog.pick(random, Words.FIRST_NAMES));
    }

    private ObjectNode customData() {
        ObjectNode c = Json.object();
        ObjectNode app = c.putArray("customApps").addObject();
        app.put("id", random.nextBoolean() ? "profile" : "checkout-extras");
        app.put("major", 1 + random.nextInt(3));
        ObjectNode fields = app.putObject("fields");
        fields.put("age", Integer.toString(18 + random.nextInt(60)));
        if (random.nextBoolean()) {
            fields.put("cart-extra-context", "{\"foo\":\"bar\",\"source\":\"app\"}");
        }
        if (random.nextBoolean()) {
            fields.put(
                    "Store Notes @ checkout",
                    "gift for " + Catalog.pick(random, Words.FIRST_NAMES));
        }
        return c;
    }

    private String commercialCondition() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return "Commercial conditions information.";
        }
        if (kind == 1) {
            return "{\"id\":\"1\",\"name\":\"Default\",\"paymentSystems\":[2,4,6]}";
        }
        return null;
    }

    private ObjectNode openText() {
        if (random.nextInt(10) < 7) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("value", Catalog.pick(random, OPEN_TEXTS));
        return o;
    }

    private void payments(OrderDraft d, Store store) {
        boolean split = random.nextInt(7) == 0;
        d.paymentShares = split ? new double[] {0.5 + random.nextDouble() * 0.4} : new double[0];
        d.giftCards = Json.array();
        d.payments = Json.array();
        int systems = Catalog.PAYMENT_SYSTEMS.length;
        for (int i = 0; i < (split ? 2 : 1); i++) {
            // The main payment is mostly by card; gift cards only ever pay a part.
            String[] system =
                    Catalog.PAYMENT_SYSTEMS[random.nextInt(i == 0 ? systems - 2 : systems)];
            d.payments.add(payment(d, store, system));
            if (system[2].equals("giftCard")) {
                d.giftCards.add(giftCard());
            }
        }
        d.transaction = Json.object();
        d.transaction.put("isActive", true);
        d.transaction.put("transactionId", Words.upperHex(random, 32));
        d.transaction.put("merchantName", store.account);
        d.transaction.set("payments", d.payments);
    }

    private ObjectNode payment(OrderDraft d, Store store, String[] system) {
        String group = system[2];
        boolean card = group.equals("creditCard") || group.equals("debitCard");
        ObjectNode p = Json.object();
        p.put("id", Words.upperHex(random, 32));
        p.put("paymentSystem", system[0]);
        p.put("paymentSystemName", system[1]);
        p.put("group", group);
        p.put("value", 0);
        p.put("installments", group.equals("creditCard") ? installments() : 1);
        p.put("referenceValue", 0);
        String tid = card || group.equals("instantPayment") ? Words.digits(random, 8) : null;
        p.set("tid", Json.text(tid));
        if (card) {
            p.put("dueDate", twoDigits(1 + random.nextInt(12)) + "/" + (20 + random.nextInt(10)));
            p.put(
                    "firstDigits",
                    (system[1].startsWith("Visa") ? "4" : "5") + Words.digits(random, 5));
            p.put("lastDigits", Words.digits(random, 4));
        } else if (group.equals("bankInvoice")) {
            LocalDate due = LocalDate.ofInstant(d.plan.creationDate, ZoneOffset.UTC).plusDays(3);
            p.put("dueDate", due.toString());
            p.putNull("firstDigits");
            p.putNull("lastDigits");
        } else {
            p.putNull("dueDate");
            p.putNull("firstDigits");
            p.putNull("lastDigits");
        }
        p.set(
                "giftCardId",
                Json.text(group.equals("giftCard") ? "gc-" + Words.hex(random, 8) : null));
        p.set("connectorResponses", connectorResponses(group, tid, store));
        return p;
    }

    /** Free-form keys from payment providers: the map column must take whatever they send. */
    private ObjectNode connectorResponses(String group, String tid, Store store) {
        if (group.equals("promissory")) {
            return null;
        }
        ObjectNode r = Json.object();
        switch (group) {
            case "creditCard":
            case "debitCard":
                r.put("Tid", tid);
                r.put("ReturnCode", random.nextBoolean() ? "00" : "200");
                r.put("Message", random.nextBoolean() ? "Transaction approved" : "Autorizada");
                r.put("authId", Words.digits(random, 6));
                if (random.nextBoolean()) {
                    r.put("nsu", Words.digits(random, 9));
                }
                if (random.nextBoolean()) {
                    r.put("acquirer", Catalog.pick(random, ACQUIRERS));
                }
                if (random.nextInt(4) == 0) {
                    r.put("Return Message", "Captured");
                }
                if (random.nextInt(5) == 0) {
                    r.put(
                            "acquirer.name",
                            Catalog.pick(random, ACQUIRERS) + " " + store.countryCode);
                }
                if (random.nextInt(6) == 0) {
                    r.put("3ds@status", "authenticated");
                }
                break;
            case "bankInvoice":
                r.put("ReturnCode", "0");
                r.put("Message", "Bank slip issued");
                r.put("bankIssuedInvoiceIdentificationNumber", Words.digits(random, 44));
                break;
            case "instantPayment":
                r.put("endToEndId", "E" + Words.digits(random, 31));
                r.put("qrCodeTtlSeconds", Integer.toString(300 + random.nextInt(3300)));
                break;
            default:
                break;
        }
        return r;
    }

    private ObjectNode giftCard() {
        long value = (10 + random.nextInt(90)) * 100L;
        return Json.parse(
                "{'id':%s,'redemptionCode':%s,'value':%s,'balance':%s,'name':'Loyalty card',"
                        + "'provider':'VtexGiftCard'}",
                Integer.toString(1 + random.nextInt(99_999)),
                "****-****-****-" + Words.upperHex(random, 4),
                value,
                value + (random.nextBoolean() ? 0 : (1 + random.nextInt(50)) * 100L));
    }

    private void fulfillment(OrderDraft d, Instant latest) {
        Instant created = d.plan.creationDate;
        Store store = d.plan.store;
        int s = random.nextInt(Catalog.STATUS.length);
        String status = Catalog.STATUS[s];
        d.set("Status", status);
        d.set("StatusDescription", Catalog.STATUS_DESCRIPTION[s]);
        String orderGroup = Words.digits(random, 13);
        String orderId = orderGroup + "-0" + (1 + random.nextInt(2));
        d.set("OrderGroup", orderGroup);
        d.set("OrderId", orderId);
        d.set("Sequence", Words.digits(random, 6));
        boolean marketplace = random.nextInt(4) == 0;
        d.set("MarketplaceOrderId", marketplace ? orderId : "");
        d.set("SellerOrderId", "00-" + orderId);
        d.set("Origin", marketplace ? "Marketplace" : "Fulfillment");
        d.set("AffiliateId", marketplace ? Catalog.pick(random, Words.list("GHB|MLB|AMZ")) : "");
        d.set("MerchantName", store.account);
        d.set("Hostname", store.account);
        d.set("WorkflowIsInError", random.nextInt(50) == 0);
        boolean paid = !status.equals("payment-pending");
        d.set("AuthorizedDate", paid ? timestamp(between(created, latest, 0.25), store) : null);
        String invoiced =
                status.equals("invoiced") ? timestamp(between(created, latest, 0.75), store) : null;
        d.set("InvoicedDate", invoiced);
        d.set("IsCompleted", paid);
        d.set("AllowCancellation", s <= 2 || status.equals("window-to-cancel"));
        d.set("AllowEdition", random.nextInt(10) == 0);
        if (status.equals("canceled")) {
            String reason = Catalog.pick(random, CANCEL_REASONS);
            d.set("CancelReason", reason);
            ObjectNode c = Json.object();
            boolean byUser = random.nextBoolean();
            c.put("RequestedByUser", byUser);
            c.put("RequestedBySystem", !byUser);
            c.put("RequestedBySellerNotification", false);
            c.put("RequestedByPaymentNotification", false);
            c.put("Reason", reason);
            c.put("CancellationDate", timestamp(between(created, latest, 0.9), store));
            d.set("CancellationData", c);
        }
        if (random.nextInt(10) == 0) {
            d.set("ChangesAttachment", changesAttachment(created, store));
        }
        if (invoiced != null) {
            d.set("PackageAttachment", packageAttachment(d, invoiced));
        } else if (random.nextBoolean()) {
            ObjectNode empty = Json.object();
            empty.putArray("packages");
            d.set("PackageAttachment", empty);
        }
    }

    private ObjectNode changesAttachment(Instant created, Store store) {
        return Json.parse(
                "{'id':'changeAttachment','changesData':[{'reason':'The customer wanted to"
                        + " change.','discountValue':%s,'incrementValue':0,'itemsAdded':[],"
                        + "'itemsRemoved':[{'id':%s,'name':%s,'quantity':1,'price':%s,"
                        + "'unitMultiplier':null}],'receipt':{'date':%s,'orderId':%s,'receipt':%s}}]}",
                (1 + random.nextInt(50)) * 100L - 10,
                Integer.toString(1 + random.nextInt(99_999)),
                Catalog.pick(random, Catalog.CATEGORIES[0].products),
                (5 + random.nextInt(50)) * 100L - 10,
                timestamp(created.plus(Duration.ofMinutes(5)), store),
                "v" + Words.digits(random, 6) + "-01",
                Words.uuid(random));
    }

    private ObjectNode packageAttachment(OrderDraft d, String invoicedDate) {
        String invoice = Words.digits(random, 5);
        return Json.parse(
                "{'packages':[{'items':[{'itemIndex':0,'quantity':1,'price':0,'description':'001',"
                        + "'unitMultiplier':0.0}],'courier':%s,'invoiceNumber':%s,"
                        + "'invoiceValue':%s,'invoiceUrl':%s,'issuanceDate':%s,"
                        + "'trackingNumber':%s,'invoiceKey':%s,'type':'Output','cfop':'5100',"
                        + "'volumes':1,'EnableInferItems':false}]}",
                Catalog.pick(random, Catalog.COURIERS),
                invoice,
                (10 + random.nextInt(500)) * 100L,
                "https://" + d.plan.store.account + ".example.com/invoices/" + invoice + ".pdf",
                invoicedDate,
                "TRK-" + Words.digits(random, 8),
                "CFe" + Words.digits(random, 44));
    }

    private ObjectNode priceTag(String name, long valueCents, boolean percentual) {
        return Json.parse(
                "{'name':%s,'value':%s,'rawValue':%s,'isPercentual':%s,'identifier':%s}",
                name, valueCents, valueCents / 100.0, percentual, Words.uuid(random));
    }

    private ObjectNode additionalInfo(Catalog.Category category) {
        ObjectNode a = Json.object();
        a.put("brandName", Catalog.pick(random, Catalog.BRANDS));
        a.put("brandId", Integer.toString(2_000_000 + random.nextInt(100)));
        a.put("categoriesIds", '/' + category.ids[category.ids.length - 1] + '/');
        a.put("productClusterId", (130 + random.nextInt(20)) + "," + (140 + random.nextInt(20)));
        a.put("commercialConditionId", "1");
        ObjectNode dim = a.putObject("dimension");
        double height = round(1 + random.nextDouble() * 59, 1);
        double length = round(1 + random.nextDouble() * 59, 1);
        double width = round(1 + random.nextDouble() * 59, 1);
        dim.put("cubicweight", round(height * length * width / 6000, 4));
        dim.put("height", height);
        dim.put("length", length);
        dim.put("weight", round(0.1 + random.nextDouble() * 20, 2));
        dim.put("width", width);
        a.putNull("offeringInfo");
        a.putNull("offeringType");
        a.putNull("offeringTypeId");
        return a;
    }

    private ObjectNode bundleItem() {
        return Json.parse(
                "{'id':%s,'name':'Extended warranty','quantity':1,'price':%s}",
                "warranty-" + (6 * (1 + random.nextInt(4))) + "m",
                (5 + random.nextInt(50)) * 100L - 10);
    }

    private ObjectNode offering() {
        return Json.parse(
                "{'id':%s,'type':'Gift wrap','name':'Gift wrap','price':500}",
                Integer.toString(1 + random.nextInt(20)));
    }

    private static ObjectNode engraving() {
        return Json.parse("{'name':'Engraving','content':{'Text line 1':'Happy birthday!'}}");
    }

    private static ObjectNode subscriptionOffering() {
        return Json.parse(
                "{'name':'vtex.subscription.weekly','required':false,'schema':{"
                        + "'vtex.subscription.key.frequency':{'MaximumNumberOfCharacters':7,"
                        + "'Domain':['1 week','2 week']}}}");
    }

    private static ObjectNode assemblyOption() {
        return Json.parse(
                "{'id':'vtex.subscription.weekly','name':'vtex.subscription.weekly','required':false,"
                        + "'inputValues':{'vtex.subscription.key.frequency':{"
                        + "'maximumNumberOfCharacters':7,'domain':['1 week','4 week']}},"
                        + "'composition':null}");
    }

    private long quantity() {
        int roll = random.nextInt(10);
        if (roll < 7) {
            return 1;
        }
        return roll < 9 ? 2 : 3 + random.nextInt(4);
    }

    private long installments() {
        return random.nextBoolean() ? 1 : 2 + random.nextInt(11);
    }

    private double pickMultiplier() {
        return random.nextBoolean() ? 0.5 : 2.0;
    }

    /** A nested timestamp within a second after {@code instant}, to the 100 ns digit. */
    private String timestamp(Instant instant, Store store) {
        Instant withDigits = OrderPlan.plusHundredNanos(instant, random.nextLong(10_000_000L));
        return RawTimestamps.random(random, withDigits, store.offset);
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private Instant between(Instant from, Instant to, double fraction) {
        long nanos = Duration.between(from, to).toNanos();
        return from.plusNanos((long) (nanos * fraction));
    }

    private static long roundTo10(long cents) {
        return cents / 10 * 10;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
