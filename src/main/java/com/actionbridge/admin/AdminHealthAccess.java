package com.actionbridge.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;

/**
 * For {@code /actuator/*}: a request with the admin token becomes an authenticated one, so that health shows its
 * components and details ({@code show-details: when-authorized}); any other request sees the status only. Wrong
 * tokens count toward the same per-client bound as the admin API's.
 */
final class AdminHealthAccess extends OncePerRequestFilter {

    private static final Principal ADMIN = () -> "admin";

    private final AdminAccess access;

    AdminHealthAccess(AdminAccess access) {
        this.access = access;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !access.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        switch (access.check(header, request.getRemoteAddr())) {
            case THROTTLED -> AdminAccess.tooManyAttempts(response);
            case GRANTED -> chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public Principal getUserPrincipal() {
                    return ADMIN;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return true;
                }
            }, response);
            case DENIED -> chain.doFilter(request, response);
        }
    }
}
