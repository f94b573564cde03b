//! The words buyers use for products besides their names: everyday
//! synonyms and fruit as it is said.

/// Everyday words for the same thing, either way round. Used only when the
/// word itself finds nothing, so a shop that sells 西红柿 by that name
/// still gets 番茄, and one selling 番茄 gets 西红柿.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("西红柿", "番茄"),
    ("洋柿子", "番茄"),
    ("小番茄", "圣女果"),
    ("小西红柿", "圣女果"),
    ("马铃薯", "土豆"),
    ("洋芋", "土豆"),
    ("地瓜", "红薯"),
    ("番薯", "红薯"),
    ("白薯", "红薯"),
    ("苞米", "玉米"),
    ("棒子", "玉米"),
    ("奇异果", "猕猴桃"),
    ("青瓜", "黄瓜"),
    ("胡瓜", "黄瓜"),
    ("芫荽", "香菜"),
    ("鸡子", "鸡蛋"),
];

/// Fruit as people say it (`桃子`, `橙子`, `芒果`) for the 桃, 橙, 芒 a
/// product's name ends with (`阳山水蜜桃`, `赣南脐橙`, `海南贵妃芒`). Only
/// names that end so: 李子 is never 李锦记酱油.
pub const SPOKEN: &[(&str, &str)] = &[
    ("桃子", "桃"),
    ("橙子", "橙"),
    ("柚子", "柚"),
    ("橘子", "橘"),
    ("桔子", "桔"),
    ("李子", "李"),
    ("梨子", "梨"),
    ("杏子", "杏"),
    ("提子", "提"),
    ("枣子", "枣"),
    ("栗子", "栗"),
    ("柿子", "柿"),
    ("椰子", "椰"),
    ("芒果", "芒"),
];
