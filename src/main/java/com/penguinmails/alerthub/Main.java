package com.penguinmails.alerthub;
public class Main { public static void main(String[] a) {} }
