package dev.berth.platform.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AWS list prices as Berth carries them: prices.tsv beside this class, one row a region and item, each with where the
 * figure comes from and the date it held. The price files cannot be fetched from the machines Berth is built on; the
 * table is checked in, and a test fails when it grows old.
 */
public final class PriceTable {

    static final String RESOURCE = "prices.tsv";
    /** Rows priced the same in every region (CloudFront, WAF, Route 53). */
    static final String GLOBAL = "global";
    private static final PriceTable INSTANCE = load();

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = prices;
    }

    public static PriceTable get() {
        return INSTANCE;
    }

    /**
     * One price.
     *
     * @param item the item's key, such as {@code fargate.vcpu_hour.x86}
     * @param unit what one unit is, such as {@code per vCPU-hour}
     * @param usd US dollars a unit (for a free-tier row: the free quantity)
     * @param source where the figure comes from and when it held
     */
    public record Price(String item, String unit, BigDecimal usd, Source source) {
    }

    /**
     * @param region the region, or {@code global}
     * @param reference the pricing page, and where the figure was read
     * @param asOf the date the figure held
     * @param verified whether the figure was read in the reference, rather than known
     */
    public record Source(String region, String reference, LocalDate asOf, boolean verified) {
    }

    /** The item's price in the region, or its global price. */
    public Optional<Price> find(String region, String item) {
        return Optional.ofNullable(prices.get(region + "\t" + item)).or(() -> Optional.ofNullable(prices.get(GLOBAL + "\t" + item)));
    }

    public Collection<Price> all() {
        return prices.values();
    }

    private static PriceTable load() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            Map<String, Price> prices = new LinkedHashMap<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 8) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected 8 tab-separated fields, got " + fields.length);
                }
                Price price = new Price(fields[2], fields[3], new BigDecimal(fields[4]),
                        new Source(fields[0], fields[5], LocalDate.parse(fields[6]), fields[7].equals("yes")));
                if (prices.put(fields[0] + "\t" + fields[2], price) != null) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": " + fields[2] + " in " + fields[0] + " twice");
                }
            }
            return new PriceTable(prices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
