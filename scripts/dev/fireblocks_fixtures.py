#!/usr/bin/env python3
"""Writes fixtures/fireblocks/captures/**.jsonl: Fireblocks exchanges in the shapes of the wire
digest's samples (fireblocks-wire-formats.md), one file per behaviour. A developer tool: the
captures it writes are committed, and their goldens come from scripts/update-golden.sh.
Run from the repository root: python3 scripts/dev/fireblocks_fixtures.py"""
import datetime
import json
import os

ROOT = "fixtures/fireblocks/captures"
DAY = 86_400_000
T0 = 1_759_320_000_000  # 2025-10-01T12:00:00Z


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def exchange(path, params, status, body, at_ms, headers=None):
    return {"request": {"method": "GET", "path": path, "params": [[k, v] for k, v in params]},
            "response": {"status": status, "headers": headers or {"content-type": "application/json"}, "body": body},
            "receivedAt": iso(at_ms)}


def dumps(value):
    return json.dumps(value, separators=(",", ":"))


CHAINS = [
    [{"id": "eth-main", "legacyId": "ETH", "displayName": "Ethereum", "nativeAssetId": "a-eth",
      "onchain": {"protocol": "EVM", "chainId": "1", "test": False, "signingAlgo": "ECDSA_SECP256K1"},
      "metadata": {"scope": "GLOBAL", "deprecated": False}},
     {"id": "tron-main", "legacyId": "TRX", "displayName": "Tron", "nativeAssetId": "a-trx",
      "onchain": {"protocol": "TRON", "chainId": "", "test": False, "signingAlgo": "ECDSA_SECP256K1"},
      "metadata": {"scope": "GLOBAL", "deprecated": False}}],
    [{"id": "eth-sepolia", "legacyId": "ETH_TEST5", "displayName": "Ethereum Sepolia", "nativeAssetId": "a-eth5",
      "onchain": {"protocol": "EVM", "chainId": "11155111", "test": True, "signingAlgo": "ECDSA_SECP256K1"},
      "metadata": {"scope": "GLOBAL", "deprecated": False}}],
]


def asset(legacy, symbol, cls, decimals, chain, address=None, standards=(), deprecated=False, verified=True, features=()):
    a = {"id": "uuid-" + legacy.lower(), "legacyId": legacy, "blockchainId": chain, "displayName": symbol + " token",
         "displaySymbol": symbol, "assetClass": cls,
         "metadata": {"scope": "GLOBAL", "deprecated": deprecated, "verified": verified, "features": list(features)}}
    if cls == "FIAT":
        a["decimals"] = decimals
        del a["blockchainId"]
    else:
        onchain = {"symbol": symbol, "name": symbol, "decimals": decimals, "standards": list(standards)}
        if address:
            onchain["address"] = address
        a["onchain"] = onchain
    return a


ASSETS = [
    [asset("ETH", "ETH", "NATIVE", 18, "eth-main"),
     asset("USDT_ERC20", "USDT", "FT", 6, "eth-main", "0xdAC17F958D2ee523a2206206994597C13D831ec7", ["ERC20"], features=["STABLECOIN"]),
     asset("TRX_USDT_S2UZ", "USDT", "FT", 6, "tron-main", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", ["TRC20"], features=["STABLECOIN"])],
    [asset("ETH_TEST5", "ETH", "NATIVE", 18, "eth-sepolia"),
     asset("PUNKS", "PUNK", "NFT", 0, "eth-main", "0xb47e", ["ERC721"]),
     asset("OLDCOIN", "OLD", "FT", 8, "eth-main", deprecated=True),
     asset("1INCH", "1INCH", "FT", 18, "eth-main", "0x1111", ["ERC20"], verified=False),
     asset("USD", "USD", "FIAT", 2, None)],
]
ASSET_CURSOR = "MjAyMy0xMi0xMyAyMDozNjowOC4zMDI=:MTEwMA=="


def catalogue(at, assets=ASSETS):
    out = [exchange("/v1/blockchains", [("pageSize", "500")], 200, dumps({"data": CHAINS[0], "next": "YmMy"}), at),
           exchange("/v1/blockchains", [("pageSize", "500"), ("pageCursor", "YmMy")], 200, dumps({"data": CHAINS[1], "next": None}), at),
           exchange("/v1/assets", [("pageSize", "1000")], 200, dumps({"data": assets[0], "next": ASSET_CURSOR}), at + 1000)]
    out.append(exchange("/v1/assets", [("pageSize", "1000"), ("pageCursor", ASSET_CURSOR)], 200,
                        dumps({"data": assets[1], "next": None}), at + 1000))
    return out


def vault_asset(legacy, available, extra=None):
    a = {"id": legacy, "total": available, "balance": available, "available": available, "pending": "0", "frozen": "0",
         "lockedAmount": "0", "staked": "0"}
    a.update(extra or {})
    return a


VAULTS = [
    [{"id": "3", "name": "Treasury", "hiddenOnUI": False, "customerRefId": "cust-42", "autoFuel": True,
      "assets": [vault_asset("USDT_ERC20", "100"), vault_asset("TRX_USDT_S2UZ", "50.5"), vault_asset("ETH", "0.011465026322472291", {"blockHeight": "13747745"}),
                 vault_asset("PUNKS", "1"), vault_asset("NEWCOIN", "3")]}],
    [{"id": "0", "name": "Default", "hiddenOnUI": True, "autoFuel": False,
      "assets": [vault_asset("ETH_TEST5", "2.5"), vault_asset("BTC_TEST", "0", {"blockHeight": "-1"})]}],
]
VAULT_CURSOR = "c3RhcnRpbmdWYXVsdElkeD01NTM1NzUzNg=="


def vaults(at):
    return [exchange("/v1/vault/accounts_paged", [("limit", "200")], 200,
                     dumps({"accounts": VAULTS[0], "paging": {"after": VAULT_CURSOR}, "previousUrl": "", "nextUrl": "x"}), at),
            exchange("/v1/vault/accounts_paged", [("limit", "200"), ("after", VAULT_CURSOR)], 200,
                     dumps({"accounts": VAULTS[1], "paging": {}}), at)]


def peer(kind, ident="", name=""):
    return {"id": ident, "type": kind, "name": name, "subType": ""}


def tx(ident, created, status, asset_id, amount, source, destination, operation="TRANSFER", destinations=None,
       sub_status="", note="", fee="0.00021", fee_currency="ETH", tx_hash="0xabc"):
    return {"id": ident, "createdAt": created, "lastUpdated": created + 5000, "assetId": asset_id, "operation": operation,
            "status": status, "subStatus": sub_status, "source": source, "destination": destination,
            "amount": float(amount), "networkFee": 0.000113517074303855, "netAmount": float(amount), "amountUSD": None,
            "amountInfo": {"amount": amount, "requestedAmount": amount, "netAmount": amount, "amountUSD": "1.00"},
            "feeInfo": {"networkFee": fee} if fee else {}, "feeCurrency": fee_currency,
            "destinations": destinations or [], "externalTxId": None, "customerRefId": None, "txHash": tx_hash,
            "numOfConfirmations": 1, "sourceAddress": "", "destinationAddress": "", "note": note, "signedBy": [],
            "createdBy": "", "rejectedBy": "", "assetType": "ERC20", "gasPrice": "2.5916548550000003"}


def walk(after, rows, at, limit="200"):
    return exchange("/v1/transactions", [("limit", limit), ("orderBy", "createdAt"), ("sort", "ASC"), ("after", str(after)),
                                         ("before", str(at))], 200, json.dumps(rows), at)


def by_id(row, at):
    return exchange("/v1/transactions/" + row["id"], [], 200, json.dumps(row), at)


def write(name, exchanges, args=None):
    path = os.path.join(ROOT, name + ".jsonl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        for e in exchanges:
            out.write(json.dumps(e, separators=(",", ":")) + "\n")
    if args:
        with open(os.path.join(ROOT, name + ".args"), "w") as out:
            out.write(args + "\n")


VAULT3 = peer("VAULT_ACCOUNT", "3", "Treasury")
VAULT0 = peer("VAULT_ACCOUNT", "0", "Default")
OUTSIDE = peer("UNKNOWN", "", "External")


def first_sync():
    t = T0
    rows = [tx("0a1", T0 - 400 * DAY, "COMPLETED", "USDT_ERC20", "1000", OUTSIDE, VAULT3, sub_status="CONFIRMED"),
            tx("0a2", T0 - 300 * DAY, "COMPLETED", "TRX_USDT_S2UZ", "10.5", peer("INTERNAL_WALLET", "iw1", "Desk"), VAULT3,
               fee="1.1", fee_currency="TRX"),
            tx("0a3", T0 - 300 * DAY, "COMPLETED", "ETH", "0.25", VAULT3, VAULT0, note="rebalance"),
            tx("0a4", T0 - 300 * DAY + 5, "COMPLETED", "ETH", "2", VAULT3, peer(""), destinations=[
                {"amount": "0.5", "amountUSD": "1700.00", "destination": peer("EXTERNAL_WALLET", "b6e1", "Payee A")},
                {"amount": "1.5", "amountUSD": "5100.00", "destination": peer("ONE_TIME_ADDRESS", "", "Payee B")}]),
            tx("0a5", T0 - 200 * DAY, "COMPLETED", "ETH_TEST5", "2.5", OUTSIDE, VAULT0),
            tx("0a6", T0 - 100 * DAY, "COMPLETED", "PUNKS", "1", VAULT3, peer("EXTERNAL_WALLET", "w9"), operation="TRANSFER"),
            tx("0a7", T0 - 50 * DAY, "COMPLETED", "ETH", "0", VAULT3, peer("CONTRACT", "c1"), operation="CONTRACT_CALL", tx_hash=""),
            tx("0a8", T0 - 10 * DAY, "COMPLETED", "1INCH", "12.000000000000000001", VAULT3, peer("EXCHANGE_ACCOUNT", "x1"))]
    exchanges = catalogue(t) + vaults(t + 2000)
    # Pages of 3: a full page is asked again from one millisecond before its newest row.
    exchanges.append(walk(1, rows[0:3], t + 2000, "3"))
    exchanges.append(walk(rows[2]["createdAt"] - 1, rows[1:4], t + 3000, "3"))
    exchanges.append(walk(rows[3]["createdAt"] - 1, rows[3:6], t + 3000, "3"))
    exchanges.append(walk(rows[5]["createdAt"] - 1, rows[5:8], t + 4000, "3"))
    exchanges.append(walk(rows[7]["createdAt"] - 1, rows[7:8], t + 4000, "3"))
    for e in exchanges:
        if e["request"]["path"] == "/v1/transactions":
            e["request"]["params"][4][1] = str(t + 2000)  # the walk's before is fixed when it starts
    write("accounts+payments/first_sync_every_kind_of_paging", exchanges, "--page-size 3")


def status_changes():
    deposit = tx("dep1", T0 - 40 * DAY, "CONFIRMING", "USDT_ERC20", "250", OUTSIDE, VAULT3, sub_status="PENDING_BLOCKCHAIN_CONFIRMATIONS")
    withdrawal = tx("wd1", T0 - DAY, "COMPLETED", "ETH", "1.5", VAULT3, peer("EXTERNAL_WALLET", "w2"))
    t1 = T0
    exchanges = catalogue(t1) + [walk(1, [deposit, withdrawal], t1 + 2000)]
    t2 = T0 + 30 * 60_000
    deposit2 = dict(deposit, status="COMPLETED", subStatus="CONFIRMED", lastUpdated=t2 - 1000)
    withdrawal2 = dict(withdrawal, status="FAILED", subStatus="REVERTED", lastUpdated=t2 - 1000)
    exchanges += [walk(withdrawal["createdAt"] - 3 * DAY, [withdrawal2], t2), by_id(deposit2, t2)]
    t3 = T0 + 60 * 60_000
    exchanges += [walk(withdrawal["createdAt"] - 3 * DAY, [withdrawal2], t3)]
    write("payments/confirming_completes_and_completed_fails", exchanges)


def auth_and_limits():
    row = tx("r1", T0 - DAY, "COMPLETED", "ETH", "1", OUTSIDE, VAULT3)
    t = T0
    params = [("limit", "200"), ("orderBy", "createdAt"), ("sort", "ASC"), ("after", "1"), ("before", str(t + 2000))]
    exchanges = catalogue(t) + [
        exchange("/v1/transactions", params, 401, '{"message":"The request has expired.","code":-10}', t + 2000,
                 {"content-type": "application/octet-stream"}),
        exchange("/v1/transactions", params, 401, '{"message":"The request is with a future issuance timestamp (iat).","code":-12}', t + 2000),
        exchange("/v1/transactions", params, 429, '{"message":"Too many requests","code":429}', t + 3000),
        exchange("/v1/transactions", params, 502, "<html><body>Bad gateway</body></html>", t + 4000, {"content-type": "text/html"}),
        walk(1, [row], t + 5000)]
    exchanges[-1]["request"]["params"][4][1] = str(t + 2000)
    write("payments/clock_skew_then_rate_limit_then_data", exchanges)


def unknown_asset():
    held = tx("n1", T0 - 20 * DAY, "COMPLETED", "NEWCOIN", "7.25", OUTSIDE, VAULT3)
    known = tx("k1", T0 - DAY, "COMPLETED", "ETH", "1", OUTSIDE, VAULT3)
    t1 = T0
    exchanges = catalogue(t1) + [walk(1, [held, known], t1 + 2000)]
    t2 = T0 + 30 * 60_000
    newer = [ASSETS[0] + [asset("NEWCOIN", "NEW", "FT", 2, "eth-main", "0x5eed", ["ERC20"])], ASSETS[1]]
    exchanges += catalogue(t2, newer) + [walk(known["createdAt"] - 3 * DAY, [known], t2 + 2000)]
    write("payments/unknown_asset_held_until_the_catalogue_knows_it", exchanges)


def refused():
    t = T0
    exchanges = catalogue(t) + [
        exchange("/v1/vault/accounts_paged", [("limit", "200")], 403, '{"message":"Lacking permissions","code":-1}', t + 2000)]
    write("accounts/permission_refused", exchanges)
    with open(os.path.join(ROOT, "accounts/permission_refused.exit"), "w") as out:
        out.write("3\n")


first_sync()
status_changes()
auth_and_limits()
unknown_asset()
refused()
