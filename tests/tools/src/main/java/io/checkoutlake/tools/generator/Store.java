package io.checkoutlake.tools.generator;

import java.time.ZoneOffset;
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

    /** {@code #} stands for a random digit. */
    final String postalCodePattern;

    final List<City> cities;

    private Store(
            String account,
            String name,
            String countryCode,
            String currencyCode,
            String currencySymbol,
            long currencyLocale,
            String locale,
            String timeZoneName,
            String offset,
            String decimalSeparator,
            String groupSeparator,
            String postalCodePattern,
            City... cities) {
        this.account = account;
        this.name = name;
        this.countryCode = countryCode;
        this.currencyCode = currencyCode;
        this.currencySymbol = currencySymbol;
        this.currencyLocale = currencyLocale;
        this.locale = locale;
        this.timeZoneName = timeZoneName;
        this.offset = ZoneOffset.of(offset);
        this.decimalSeparator = decimalSeparator;
        this.groupSeparator = groupSeparator;
        this.postalCodePattern = postalCodePattern;
        this.cities = Collections.unmodifiableList(Arrays.asList(cities));
    }

    // Brazilian stores come first and twice: most raw documents are from Brazil (-03:00).
    private static final List<Store> ALL =
            Arrays.asList(
                    new Store(
                            "luxstore",
                            "Lux Store",
                            "BRA",
                            "BRL",
                            "R$",
                            1046,
                            "pt-BR",
                            "E. South America Standard Time",
                            "-03:00",
                            ",",
                            ".",
                            "#####-###",
                            new City("Rio de Janeiro", "RJ", -22.9068, -43.1729),
                            new City("São Paulo", "SP", -23.5505, -46.6333),
                            new City("Belo Horizonte", "MG", -19.9167, -43.9345),
                            new City("Curitiba", "PR", -25.4284, -49.2733),
                            new City("Porto Alegre", "RS", -30.0346, -51.2177),
                            new City("Salvador", "BA", -12.9777, -38.5016)),
                    new Store(
                            "casabonita",
                            "Casa Bonita",
                            "BRA",
                            "BRL",
                            "R$",
                            1046,
                            "pt-BR",
                            "E. South America Standard Time",
                            "-03:00",
                            ",",
                            ".",
                            "#####-###",
                            new City("Florianópolis", "SC", -27.5954, -48.548),
                            new City("Recife", "PE", -8.0476, -34.877),
                            new City("Goiânia", "GO", -16.6869, -49.2648),
                            new City("Campinas", "SP", -22.9099, -47.0626)),
                    new Store(
                            "pampamarket",
                            "Pampa Market",
                            "ARG",
                            "ARS",
                            "$",
                            11274,
                            "es-AR",
                            "Argentina Standard Time",
                            "-03:00",
                            ",",
                            ".",
                            "C####AAA",
                            new City("Buenos Aires", "CABA", -34.6037, -58.3816),
                            new City("Córdoba", "CB", -31.4201, -64.1888),
                            new City("Rosario", "SF", -32.9442, -60.6505),
                            new City("Mendoza", "MZ", -32.8895, -68.8458)),
                    new Store(
                            "northwindgoods",
                            "Northwind Goods",
                            "USA",
                            "USD",
                            "$",
                            1033,
                            "en-US",
                            "Eastern Standard Time",
                            "-05:00",
                            ".",
                            ",",
                            "#####",
                            new City("New York", "NY", 40.7128, -74.006),
                            new City("Boston", "MA", 42.3601, -71.0589),
                            new City("Miami", "FL", 25.7617, -80.1918),
                            new City("Atlanta", "GA", 33.749, -84.388)),
                    new Store(
                            "tiendasol",
                            "Tienda Sol",
                            "COL",
                            "COP",
                            "$",
                            9226,
                            "es-CO",
                            "SA Pacific Standard Time",
                            "-05:00",
                            ",",
                            ".",
                            "######",
                            new City("Bogotá", "DC", 4.711, -74.0721),
                            new City("Medellín", "ANT", 6.2442, -75.5812),
                            new City("Cali", "VAC", 3.4516, -76.532)),
                    new Store(
                            "iberiahome",
                            "Iberia Home",
                            "ESP",
                            "EUR",
                            "€",
                            3082,
                            "es-ES",
                            "Romance Standard Time",
                            "+01:00",
                            ",",
                            ".",
                            "#####",
                            new City("Madrid", "M", 40.4168, -3.7038),
                            new City("Barcelona", "B", 41.3874, 2.1686),
                            new City("Valencia", "V", 39.4699, -0.3763)));

    private static final int[] WEIGHTED_INDEX = {0, 0, 0, 1, 1, 2, 3, 4, 5};

    static Store pick(SplittableRandom random) {
        return ALL.get(WEIGHTED_INDEX[random.nextInt(WEIGHTED_INDEX.length)]);
    }

    City pickCity(SplittableRandom random) {
        return cities.get(random.nextInt(cities.size()));
    }

    String postalCode(SplittableRandom random) {
        StringBuilder out = new StringBuilder(postalCodePattern.length());
        for (int i = 0; i < postalCodePattern.length(); i++) {
            char c = postalCodePattern.charAt(i);
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
