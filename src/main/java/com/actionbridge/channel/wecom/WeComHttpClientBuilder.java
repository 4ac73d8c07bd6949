package com.actionbridge.channel.wecom;

import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * WxJava's HTTP client, built once and shared by every WeCom bot: a connection pool sized by
 * {@link WeComHttpProperties} (WxJava's own default allows 10 connections per host and waits for a free one
 * forever) with a connect, read and pool-wait timeout. Requests are never retried by the HTTP client itself:
 * {@link WeComSender} decides what is safe to send again.
 */
final class WeComHttpClientBuilder implements ApacheHttpClientBuilder {

    private final WeComHttpProperties properties;
    private String proxyHost;
    private int proxyPort;
    private String proxyUsername;
    private String proxyPassword;
    private HttpRequestRetryHandler retryHandler;
    private ConnectionKeepAliveStrategy keepAlive;
    private SSLConnectionSocketFactory ssl;
    private CloseableHttpClient client;

    WeComHttpClientBuilder(WeComHttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public synchronized CloseableHttpClient build() {
        if (client == null) {
            client = create();
        }
        return client;
    }

    private CloseableHttpClient create() {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", ssl != null ? ssl : SSLConnectionSocketFactory.getSocketFactory())
                        .build());
        pool.setMaxTotal(properties.maxConnections());
        pool.setDefaultMaxPerRoute(properties.maxConnections());
        pool.setValidateAfterInactivity(2_000);
        pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(millis(properties.readTimeout())).build());
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(pool)
                // WxJava closes the client in places (token requests); the pool must outlive that.
                .setConnectionManagerShared(true)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(millis(properties.connectTimeout()))
                        .setSocketTimeout(millis(properties.readTimeout()))
                        .setConnectionRequestTimeout(millis(properties.poolTimeout()))
                        .build())
                .evictExpiredConnections()
                .evictIdleConnections(60, TimeUnit.SECONDS);
        if (retryHandler != null) {
            builder.setRetryHandler(retryHandler);
        } else {
            builder.disableAutomaticRetries();
        }
        if (keepAlive != null) {
            builder.setKeepAliveStrategy(keepAlive);
        }
        if (proxyHost != null && !proxyHost.isBlank()) {
            builder.setProxy(new HttpHost(proxyHost, proxyPort));
            if (proxyUsername != null && !proxyUsername.isBlank()) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(new AuthScope(proxyHost, proxyPort),
                        new UsernamePasswordCredentials(proxyUsername, proxyPassword));
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        return builder.build();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    @Override
    public ApacheHttpClientBuilder httpProxyHost(String host) {
        this.proxyHost = host;
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyPort(int port) {
        this.proxyPort = port;
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyUsername(String username) {
        this.proxyUsername = username;
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyPassword(String password) {
        this.proxyPassword = password;
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpRequestRetryHandler(HttpRequestRetryHandler handler) {
        this.retryHandler = handler;
        return this;
    }

    @Override
    public ApacheHttpClientBuilder keepAliveStrategy(ConnectionKeepAliveStrategy strategy) {
        this.keepAlive = strategy;
        return this;
    }

    @Override
    public ApacheHttpClientBuilder sslConnectionSocketFactory(SSLConnectionSocketFactory factory) {
        this.ssl = factory;
        return this;
    }
}
