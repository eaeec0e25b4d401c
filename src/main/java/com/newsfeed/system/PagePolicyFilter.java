package com.newsfeed.system;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The frontend's pages get a Content-Security-Policy header: scripts, styles and API calls from this origin only,
 * no plugins, no framing. A header rather than a {@code <meta>} tag, since only a header can forbid framing
 * ({@code frame-ancestors}). Only the pages: Swagger UI, the other HTML the service serves, brings its own needs.
 */
class PagePolicyFilter extends OncePerRequestFilter {

    /** The reader shows article covers, which may live on any image host; the dashboard shows none. */
    private static final String READER = policy("'self' data: https: http:");
    private static final String DASHBOARD = policy("'self' data:");
    private static final Map<String, String> PAGES = Map.of("/", READER, "/index.html", READER,
            "/dashboard", DASHBOARD, "/dashboard.html", DASHBOARD);

    private static String policy(String imageSources) {
        return "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none';"
                + " img-src " + imageSources;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String policy = PAGES.get(request.getRequestURI());
        if (policy != null) {
            response.setHeader("Content-Security-Policy", policy);
        }
        chain.doFilter(request, response);
    }
}
