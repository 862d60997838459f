package dev.bri.health;

import java.util.Map;

/**
 * Hit ratios a cache reports into {@code cache_hit_rates} of {@code GET /admin/health}, by tier. Beans implementing
 * this are discovered with {@code @Any Instance<HitRates>}, so the health report needs no cache type.
 */
public interface HitRates {

    /** Hit ratio per tier since start, -1 for a tier not looked up yet; in the order they should be shown. */
    Map<String, Double> hitRates();
}
