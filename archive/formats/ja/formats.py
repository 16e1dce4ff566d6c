# Japanese dates as Japanese readers write them: 2024年6月26日.
DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y/m/d"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
DATETIME_FORMAT = "Y年n月j日G:i"
