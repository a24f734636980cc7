package com.penguinmails.alerthub.config;

/**
 * One watched database tier. {@code poolMax} is the application's pool max on that tier (what the pool check
 * divides by); {@code hubPoolSize} is the hub's own small pool.
 */
public record TierSettings(String name, String url, String username, String password, int poolMax, int hubPoolSize) {

    /** host/db as people name a database, for subjects and PagerDuty's source. */
    public String hostAndDatabase() {
        String rest = url.replaceFirst("^jdbc:postgresql://", "");
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    public String database() {
        String hostDb = hostAndDatabase();
        return hostDb.substring(hostDb.indexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "TierSettings[" + name + " " + url + " user=" + username + " password=" + Secrets.mask(password) + "]";
    }
}
