package io.clickstream.producer.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a request was sent by a browser on behalf of another site. Browsers mark such requests with
 * {@code Sec-Fetch-Site} and, for a POST or PUT, with {@code Origin}; tools such as curl send neither.
 */
final class CrossSite {

    private CrossSite() {
    }

    /**
     * @param secFetchSite the {@code Sec-Fetch-Site} header, or null
     * @param origin the {@code Origin} header, or null
     * @param host the {@code Host} header the request was sent to
     */
    static boolean isCrossSite(String secFetchSite, String origin, String host) {
        if (secFetchSite != null) {
            String site = secFetchSite.strip().toLowerCase(Locale.ROOT);
            // "same-site" too: another port of the same host is another origin (localhost:8080 vs :8081)
            if (!site.equals("same-origin") && !site.equals("none")) {
                return true;
            }
        }
        if (origin == null) {
            return false;
        }
        return !sameAuthority(origin, host);
    }

    private static boolean sameAuthority(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI o;
        try {
            o = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return false; // includes "null", which sandboxed pages send
        }
        if (o.getHost() == null || o.getScheme() == null) {
            return false;
        }
        int port = o.getPort() != -1 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
        URI h;
        try {
            h = new URI(o.getScheme() + "://" + host.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        int hostPort = h.getPort() != -1 ? h.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
        return o.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort;
    }
}
