"""ISO 4217: the active currency codes and the decimals of their minor unit.

The one home of the decimals. Babel (CLDR) formats amounts and names currencies, but
its "currency digits" are cash and display digits, not ISO 4217 minor units: CLDR
says 0 where ISO 4217 says 2 for AFN ALL COP HUF IDR IRR KPW LAK LBP MGA MMK SOS SYP
YER, and 0 where ISO says 3 for IQD (Babel 2.19). Marketplaces charge in ISO minor
units, so the table below follows ISO 4217 as its maintenance agency SIX publishes it
(list one, XCG and ZWG included) and is kept as data. Precious metals, test and "no
currency" codes (XAU, XTS, XXX...) have no minor unit and are not money a buyer pays in.
"""

from __future__ import annotations

_BY_DECIMALS = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD "
       "BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP "
       "ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR "
       "JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU "
       "MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR "
       "RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
       "TMT TOP TRY TTD TWD TZS UAH USD USN UZS VED VES WST XCD XCG YER ZAR ZMW ZWG",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}

MINOR_DECIMALS: dict[str, int] = {code: places for places, codes in _BY_DECIMALS.items()
                                  for code in codes.split()}
