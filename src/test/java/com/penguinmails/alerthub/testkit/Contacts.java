package com.penguinmails.alerthub.testkit;

/** The email addresses the tests' contact matrix gives the roles (routes/contact-matrix.yaml and its test copies). */
public final class Contacts {

    public static final String DBOPS = "dbops@penguinmails.com";
    public static final String ONCALL = "oncall@penguinmails.com";
    public static final String EM = "em@penguinmails.com";
    public static final String CTO = "cto@penguinmails.com";
    public static final String CEO = "ceo@penguinmails.com";

    private Contacts() {
    }
}
