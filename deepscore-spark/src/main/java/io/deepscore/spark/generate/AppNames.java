package io.deepscore.spark.generate;

import java.util.EnumMap;
import java.util.Map;

/**
 * The word lists {@link AppCatalog} builds its package names from: real market leaders (the head of
 * the popularity order), a few hand-picked real packages per {@link AppCategory}, and the words,
 * vendors and variants of the generated long tail. Data only; changing any of it changes every
 * generated dataset (docs/data.md).
 */
final class AppNames {

  private AppNames() {}

  // Real market leaders, most popular first: the head of the background Zipf.
  static final String[] TOP = {
    "com.tencent.mm",
    "com.ss.android.ugc.aweme",
    "com.eg.android.AlipayGphone",
    "com.taobao.taobao",
    "com.tencent.mobileqq",
    "com.xunmeng.pinduoduo",
    "com.sina.weibo",
    "com.baidu.searchbox",
    "com.smile.gifmaker",
    "com.jingdong.app.mall",
    "com.sankuai.meituan",
    "com.ss.android.article.news",
    "tv.danmaku.bili",
    "com.tencent.qqlive",
    "com.UCMobile",
    "com.tencent.qqmusic",
    "com.xingin.xhs",
    "com.tencent.mtt",
    "com.qiyi.video",
    "com.netease.cloudmusic"
  };

  static final Map<AppCategory, String[]> HAND_PICKED = new EnumMap<>(AppCategory.class);

  static {
    HAND_PICKED.put(
        AppCategory.AUTO,
        new String[] {
          "com.autohome",
          "com.cubic.autohome",
          "com.yiche.autoeasy",
          "com.ss.android.auto",
          "com.xcar.activity",
          "com.pcauto.android",
          "com.tuhu.android",
          "com.guazi.app",
          "com.uxin.usedcar",
          "com.renrenche.carapp",
          "com.nio.app",
          "com.xiaopeng.mycar",
          "com.lixiang.app",
          "com.teslamotors.tesla",
          "com.byd.dynasty",
          "com.geely.consumer",
          "com.chexiang.app",
          "com.cheyipai.app",
          "com.souche.dafengche",
          "com.bmw.connected",
          "com.mercedesbenz.mbapp",
          "com.audi.myaudi",
          "com.toyota.oneapp",
          "com.volkswagen.weconnect",
          "com.autotrader.android",
          "com.carvana.app",
          "com.cargurus.app",
          "com.edmunds.app"
        });
    HAND_PICKED.put(
        AppCategory.FINANCE,
        new String[] {
          "com.chinamworld.main",
          "com.icbc",
          "cmb.pb",
          "com.chinamworld.bocmbci",
          "com.android.bankabc",
          "com.webank.wemoney",
          "com.jd.jrapp",
          "com.antfortune.wealth",
          "com.eastmoney.android.berlin",
          "com.hexin.plat.android",
          "com.lufax.android",
          "com.pingan.lifeinsurance",
          "com.paic.zhifu.wallet.activity",
          "com.zhongan.insurance",
          "com.futu.niuniu",
          "com.tigerbrokers.stock",
          "com.robinhood.android",
          "com.paypal.android.p2pmobile",
          "com.chase.sig.android",
          "com.wf.wellsfargomobile",
          "com.citi.citimobile",
          "com.revolut.revolut",
          "com.creditkarma.mobile"
        });
    HAND_PICKED.put(
        AppCategory.MAPS,
        new String[] {
          "com.autonavi.minimap",
          "com.baidu.BaiduMap",
          "com.tencent.map",
          "com.sogou.map.android.maps",
          "com.google.android.apps.maps",
          "com.waze",
          "com.here.app.maps",
          "com.sygic.aura",
          "net.osmand",
          "com.tomtom.gplay.navapp",
          "com.mapquest.android.ace",
          "com.mapswithme.maps.pro"
        });
    HAND_PICKED.put(
        AppCategory.LUXURY,
        new String[] {
          "com.secoo", "com.shizhuang.duapp", "com.farfetch.farfetchshop", "com.ynap.netaporter",
          "com.ssense.app", "com.mytheresa.mobile", "com.gucci.app", "com.louisvuitton.lv",
          "com.hermes.app", "com.chanel.app", "com.cartier.app", "com.rolex.app",
          "com.burberry.app", "com.dior.app", "com.prada.app", "com.tiffany.app",
          "com.chrono24.mobile", "fr.vestiairecollective", "com.therealreal.app"
        });
    HAND_PICKED.put(
        AppCategory.SHOPPING,
        new String[] {
          "com.taobao.taobao",
          "com.jingdong.app.mall",
          "com.xunmeng.pinduoduo",
          "com.tmall.wireless",
          "com.achievo.vipshop",
          "com.suning.mobile.ebuy",
          "com.amazon.mShop.android.shopping",
          "com.alibaba.aliexpresshd",
          "com.ebay.mobile",
          "com.shopee.id",
          "com.lazada.android",
          "com.zzkko",
          "com.taobao.idlefish"
        });
    HAND_PICKED.put(
        AppCategory.GAMES,
        new String[] {
          "com.tencent.tmgp.sgame", "com.tencent.tmgp.pubgmhd", "com.miHoYo.Yuanshen",
          "com.miHoYo.hkrpg", "com.netease.onmyoji", "com.tencent.lolm",
          "com.supercell.clashofclans", "com.supercell.clashroyale", "com.king.candycrushsaga",
          "com.mojang.minecraftpe", "com.tencent.jkchess", "com.netease.party",
          "com.kiloo.subwaysurf", "com.roblox.client", "com.tencent.tmgp.speedmobile",
          "com.outfit7.mytalkingtom2", "com.playrix.homescapes"
        });
    HAND_PICKED.put(
        AppCategory.SOCIAL,
        new String[] {
          "com.tencent.mm",
          "com.tencent.mobileqq",
          "com.sina.weibo",
          "com.xingin.xhs",
          "com.zhihu.android",
          "com.douban.frodo",
          "com.tencent.wework",
          "com.alibaba.android.rimet",
          "com.whatsapp",
          "com.facebook.katana",
          "com.instagram.android",
          "com.twitter.android",
          "com.snapchat.android",
          "com.linkedin.android",
          "org.telegram.messenger",
          "com.discord",
          "com.immomo.momo",
          "com.p1.mobile.putong"
        });
    HAND_PICKED.put(
        AppCategory.VIDEO,
        new String[] {
          "com.ss.android.ugc.aweme",
          "com.smile.gifmaker",
          "tv.danmaku.bili",
          "com.tencent.qqlive",
          "com.qiyi.video",
          "com.youku.phone",
          "com.ss.android.article.video",
          "com.google.android.youtube",
          "com.netflix.mediaclient",
          "com.zhiliaoapp.musically",
          "com.tencent.qqmusic",
          "com.netease.cloudmusic",
          "com.kugou.android",
          "com.spotify.music",
          "com.hunantv.imgo.activity"
        });
    HAND_PICKED.put(
        AppCategory.NEWS,
        new String[] {
          "com.ss.android.article.news",
          "com.tencent.news",
          "com.netease.newsreader.activity",
          "com.sohu.newsclient",
          "com.ifeng.news2",
          "com.baidu.searchbox",
          "com.UCMobile",
          "com.cnn.mobile.android.phone",
          "com.nytimes.android",
          "bbc.mobile.news.ww",
          "com.reddit.frontpage",
          "flipboard.app",
          "com.google.android.apps.magazines"
        });
    HAND_PICKED.put(
        AppCategory.TOOLS,
        new String[] {
          "com.eg.android.AlipayGphone",
          "com.tencent.mtt",
          "com.baidu.netdisk",
          "com.tencent.qqpimsecure",
          "com.qihoo360.mobilesafe",
          "com.iflytek.inputmethod",
          "com.sohu.inputmethod.sogou",
          "com.google.android.apps.translate",
          "com.microsoft.office.outlook",
          "com.adobe.reader",
          "cn.wps.moffice_eng",
          "com.intsig.camscanner",
          "com.google.android.apps.docs",
          "com.dropbox.android",
          "com.estrongs.android.pop",
          "com.tencent.androidqqmail",
          "com.google.android.gm",
          "com.android.chrome"
        });
    HAND_PICKED.put(
        AppCategory.TRAVEL,
        new String[] {
          "ctrip.android.view",
          "com.MobileTicket",
          "com.sdu.didi.psnger",
          "com.Qunar",
          "com.tongcheng.android",
          "com.taobao.trip",
          "com.mfw.roadbook",
          "com.booking",
          "com.airbnb.android",
          "com.expedia.bookings",
          "com.ubercab",
          "com.tripadvisor.tripadvisor",
          "com.jingyao.easybike",
          "com.umetrip.android.msky.app",
          "com.agoda.mobile.consumer"
        });
    HAND_PICKED.put(
        AppCategory.EDUCATION,
        new String[] {
          "com.youdao.dict",
          "com.fenbi.android.solar",
          "com.duolingo",
          "com.chaoxing.mobile",
          "com.baicizhan.main",
          "com.kingsoft",
          "org.khanacademy.android",
          "com.coursera.app",
          "com.ted.android",
          "com.xueersi.parentsside",
          "com.zuoyebang.knowledge",
          "com.hujiang.hjclass"
        });
    HAND_PICKED.put(
        AppCategory.HEALTH,
        new String[] {
          "com.pingan.papd",
          "cn.dxy.android.aspirin",
          "com.codoon.gps",
          "com.gotokeep.keep",
          "com.huawei.health",
          "com.xiaomi.hm.health",
          "com.babytree.apps.pregnancy",
          "com.myfitnesspal.android",
          "com.strava",
          "com.fitbit.FitbitMobile",
          "com.calm.android",
          "com.meitun.mama"
        });
    HAND_PICKED.put(
        AppCategory.LIFESTYLE,
        new String[] {
          "com.sankuai.meituan", "com.sankuai.meituan.takeoutnew", "com.dianping.v1", "com.wuba",
          "com.anjuke.android.app", "com.lianjia.beike", "me.ele", "com.starbucks.cn",
          "com.yelp.android", "com.ziroom.ziroomcustomer", "com.mcdonalds.gma.cn"
        });
  }

  // Long-tail words per category: the last segment of generated package names.
  static final Map<AppCategory, String[]> WORDS = new EnumMap<>(AppCategory.class);

  static {
    WORDS.put(
        AppCategory.AUTO,
        split(
            "car carprice usedcar autoquote carloan carwash parking drive autoclub chexian ev"
                + " charging carcare dealer autonews carmarket carsale tyre carrental"));
    WORDS.put(
        AppCategory.FINANCE,
        split(
            "bank wallet loan credit stock fund invest pay insurance licai trade broker"
                + " creditcard finance money cash wealth forex crypto"));
    WORDS.put(
        AppCategory.MAPS, split("map maps navi navigation gps route traffic offlinemap ditu"));
    WORDS.put(
        AppCategory.LUXURY,
        split("luxury watch jewelry fashion designer boutique couture handbag premium outlet"));
    WORDS.put(
        AppCategory.SHOPPING,
        split("shop mall store deals coupon buy market cart fresh grocery flashsale"));
    WORDS.put(
        AppCategory.GAMES,
        split(
            "game puzzle racing rpg chess cards mahjong shooter arcade idle tower legend hero"
                + " war kingdom farm runner match3 poker fishing slots quiz"));
    WORDS.put(
        AppCategory.SOCIAL,
        split("chat messenger im dating friends community forum moments voice live"));
    WORDS.put(
        AppCategory.VIDEO,
        split("video player tv music movie stream shortvideo karaoke radio podcast"));
    WORDS.put(AppCategory.NEWS, split("news reader daily headlines feed browser magazine"));
    WORDS.put(
        AppCategory.TOOLS,
        split(
            "cleaner launcher keyboard flashlight vpn scanner battery wifi file weather"
                + " calculator calendar notes clock camera editor translator recorder"));
    WORDS.put(
        AppCategory.TRAVEL,
        split("travel hotel flight train ticket taxi trip booking tour ride bike"));
    WORDS.put(
        AppCategory.EDUCATION,
        split("learn english dict study exam kids math course school homework"));
    WORDS.put(
        AppCategory.HEALTH, split("health fitness run workout yoga diet doctor clinic steps"));
    WORDS.put(
        AppCategory.LIFESTYLE,
        split("food delivery takeout house rent home recipe coffee beauty pets"));
  }

  static final String[] VENDOR_HEADS =
      split(
          "sun star blue mega happy smart fast cloud joy mi qi hua tian long xin jia bao le yun"
              + " zhi ai pin you kai");
  static final String[] VENDOR_TAILS =
      split("soft tech app studio lab net mobile games dev ware inc group");
  static final String[] VARIANTS = split(". lite pro hd plus free 2 go");

  private static String[] split(String words) {
    return words.trim().split(" +");
  }
}
