package io.checkoutlake.tools.generator;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** A synthetic store (VTEX account): its country, currency, locale, time zone and cities. */
final class Store {
    /** A city where the store delivers, with a point near its centre. */
    static final class City {
        final String name;
        final String state;
        final double latitude;
        final double longitude;

        City(String name, String state, double latitude, double longitude) {
            this.name = name;
            this.state = state;
            this.latitude = latitude;
            this.longitude = longitude;
        }
    }

    final String account;
    final String name;
    final String countryCode;
    final String currencyCode;
    final String currencySymbol;
    final long currencyLocale;
    final String locale;
    final String timeZoneName;
    final ZoneOffset offset;
    final String decimalSeparator;
    final String groupSeparator;

    /** In these patterns {@code #} stands for a random digit, {@code A} for a letter. */
    final String postalCodePattern;

    final String documentType;
    final String documentPattern;
    final String phonePattern;

    final List<City> cities;

    /**
     * {@code account|name|country|currency|symbol|LCID|locale|time zone|offset|decimal
     * separator|group separator|postal code pattern|document type|document pattern|phone
     * pattern|city,state,latitude,longitude;...}
     */
    private Store(String spec) {
        String[] f = Words.list(spec);
        this.account = f[0];
        this.name = f[1];
        this.countryCode = f[2];
        this.currencyCode = f[3];
        this.currencySymbol = f[4];
        this.currencyLocale = Long.parseLong(f[5]);
        this.locale = f[6];
        this.timeZoneName = f[7];
        this.offset = ZoneOffset.of(f[8]);
        this.decimalSeparator = f[9];
        this.groupSeparator = f[10];
        this.postalCodePattern = f[11];
        this.documentType = f[12];
        this.documentPattern = f[13];
        this.phonePattern = f[14];
        List<City> list = new ArrayList<>();
        for (String city : f[15].split(";")) {
            String[] c = city.split(",");
            list.add(new City(c[0], c[1], Double.parseDouble(c[2]), Double.parseDouble(c[3])));
        }
        this.cities = Collections.unmodifiableList(list);
    }

    // Brazilian stores come first and twice: most raw documents are from Brazil (-03:00).
    private static final List<Store> ALL =
            Arrays.asList(
                    new Store(
                            "luxstore|Lux Store|BRA|BRL|R$|1046|pt-BR|E. South America Standard Time"
                                    + "|-03:00|,|.|#####-###|cpf|###.###.###-##|+55##9########"
                                    + "|Rio de Janeiro,RJ,-22.9068,-43.1729"
                                    + ";São Paulo,SP,-23.5505,-46.6333"
                                    + ";Belo Horizonte,MG,-19.9167,-43.9345"),
                    new Store(
                            "casabonita|Casa Bonita|BRA|BRL|R$|1046|pt-BR"
                                    + "|E. South America Standard Time|-03:00|,|.|#####-###"
                                    + "|cpf|###.###.###-##|+55##9########"
                                    + "|Florianópolis,SC,-27.5954,-48.548;Recife,PE,-8.0476,-34.877"),
                    new Store(
                            "pampamarket|Pampa Market|ARG|ARS|$|11274|es-AR|Argentina Standard Time"
                                    + "|-03:00|,|.|C####AAA|dni|########|+5411########"
                                    + "|Buenos Aires,CABA,-34.6037,-58.3816"
                                    + ";Córdoba,CB,-31.4201,-64.1888"),
                    new Store(
                            "northwindgoods|Northwind Goods|USA|USD|$|1033|en-US"
                                    + "|Eastern Standard Time|-05:00|.|,|#####"
                                    + "|passport|########|+1##########"
                                    + "|New York,NY,40.7128,-74.006;Boston,MA,42.3601,-71.0589"),
                    new Store(
                            "tiendasol|Tienda Sol|COL|COP|$|9226|es-CO|SA Pacific Standard Time"
                                    + "|-05:00|,|.|######|cc|########|+573#########"
                                    + "|Bogotá,DC,4.711,-74.0721;Medellín,ANT,6.2442,-75.5812"),
                    new Store(
                            "iberiahome|Iberia Home|ESP|EUR|€|3082|es-ES|Romance Standard Time"
                                    + "|+01:00|,|.|#####|nif|########|+346########"
                                    + "|Madrid,M,40.4168,-3.7038;Barcelona,B,41.3874,2.1686"));

    private static final int[] WEIGHTED_INDEX = {0, 0, 0, 1, 1, 2, 3, 4, 5};

    static Store pick(SplittableRandom random) {
        return ALL.get(WEIGHTED_INDEX[random.nextInt(WEIGHTED_INDEX.length)]);
    }

    City pickCity(SplittableRandom random) {
        return cities.get(random.nextInt(cities.size()));
    }

    /** {@code pattern} with each {@code #} a random digit and each {@code A} a random letter. */
    static String fill(SplittableRandom random, String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '#') {
                out.append((char) ('0' + random.nextInt(10)));
            } else if (c == 'A') {
                out.append((char) ('A' + random.nextInt(26)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
