class Queries {
    static String select(String id) {
        return "select * from t where id = " + id;
    }

    static String fixed(String id) {
        return "select * from t";
    }
}
